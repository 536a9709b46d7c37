package io.hiroi.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RateLimitKeyTest {
  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void plainValues_stayReadable() {
    assertThat(RateLimitKey.user("42")).hasToString("user:42");
    assertThat(RateLimitKey.visitor("v_9f2.x")).hasToString("visitor:v_9f2.x");
    assertThat(RateLimitKey.account("ann+test@example.com").value()).isEqualTo("account:ann+test@example.com");
    assertThat(RateLimitKey.of("tenant", "acme")).isEqualTo(RateLimitKey.of("tenant", "acme"));
    assertThat(RateLimitKey.user("42")).isNotEqualTo(RateLimitKey.visitor("42"));
  }

  @Test
  void otherValues_becomeTheirSha256_andNeverCollideWithPlainOnes() {
    // SHA-256 of the empty string, base64url.
    assertThat(RateLimitKey.user("").value()).isEqualTo("user:#47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
    assertThat(RateLimitKey.user("a".repeat(64)).value()).isEqualTo("user:" + "a".repeat(64));
    assertThat(RateLimitKey.user("a".repeat(65)).value()).startsWith("user:#").hasSize(5 + 44);
    assertThat(RateLimitKey.user("{tag}").value()).startsWith("user:#");
    assertThat(RateLimitKey.user("a b").value()).startsWith("user:#");
    assertThat(RateLimitKey.user("a\nb")).isNotEqualTo(RateLimitKey.user("a\rb"));
    assertThat(RateLimitKey.user("x".repeat(10_000_000)).value()).hasSize(49);
  }

  @Test
  void ipv4_isOneKeyPerAddress_andMappedIpv6IsIpv4() throws Exception {
    assertThat(RateLimitKey.ip(ip("192.0.2.1"))).hasToString("ip4:192.0.2.1");
    assertThat(RateLimitKey.ip(ip("::ffff:192.0.2.1"))).hasToString("ip4:192.0.2.1");
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1};
    assertThat(RateLimitKey.ip(java.net.Inet6Address.getByAddress(null, mapped, -1))).hasToString("ip4:192.0.2.1");
    assertThat(RateLimitKey.ip(ip("192.0.2.2"))).isNotEqualTo(RateLimitKey.ip(ip("192.0.2.1")));
  }

  @Test
  void ipv6_isGroupedByItsSlash64_orAnotherPrefix() throws Exception {
    RateLimitKey a = RateLimitKey.ip(ip("2001:db8:1:2:aaaa::1"));
    assertThat(a).hasToString("ip6:2001:0db8:0001:0002/64");
    assertThat(RateLimitKey.ip(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"))).isEqualTo(a);
    assertThat(RateLimitKey.ip(ip("2001:db8:1:3::1"))).isNotEqualTo(a);
    assertThat(RateLimitKey.ip(ip("fe80::1%1"))).isEqualTo(RateLimitKey.ip(ip("fe80::2")));
    assertThat(RateLimitKey.ip(ip("2001:db8::1"), 128)).hasToString("ip6:2001:0db8:0000:0000:0000:0000:0000:0001/128");
    assertThat(RateLimitKey.ip(ip("2001:db8:ffff::"), 34)).hasToString("ip6:2001:0db8:c/34");
    assertThat(RateLimitKey.ip(ip("ffff::"), 1)).hasToString("ip6:8/1");
    assertThatThrownBy(() -> RateLimitKey.ip(ip("::1"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ipv6PrefixBits must be between 1 and 128, was 0");
  }

  @Test
  void namespace_isValidated() {
    for (String bad : new String[] {"", "Tenant", "a.b", "a:b", "x".repeat(17)}) {
      assertThatThrownBy(() -> RateLimitKey.of(bad, "v")).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> RateLimitKey.of("t", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
    assertThatThrownBy(() -> RateLimitKey.ip(null)).isInstanceOf(NullPointerException.class).hasMessage("address");
  }
}
