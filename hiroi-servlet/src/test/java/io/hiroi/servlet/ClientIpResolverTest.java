package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientIpResolverTest {
  private static final ClientIpResolver XFF =
      ClientIpResolver.builder().trustProxy("10.0.0.0/8").trustProxy("2001:db8:ffff::/48").build();
  private static final ClientIpResolver FORWARDED =
      ClientIpResolver.builder().trustProxy("10.0.0.0/8").header(ClientIpResolver.Header.FORWARDED).build();

  private static String resolve(ClientIpResolver r, String remote, String... headers) {
    return r.resolve(remote, Arrays.asList(headers)).getHostAddress();
  }

  @Test
  void direct_neverReadsTheHeader() {
    assertThat(resolve(ClientIpResolver.direct(), "203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
  }

  @Test
  void untrustedRemote_isTheClient_whateverItSends() {
    assertThat(resolve(XFF, "203.0.113.9", "1.2.3.4")).isEqualTo("203.0.113.9");
    assertThat(resolve(XFF, "203.0.113.9", "10.0.0.1")).isEqualTo("203.0.113.9");
  }

  /** remote | X-Forwarded-For (| separates header lines) | expected client. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.1 | 203.0.113.9 | 203.0.113.9",
        "10.0.0.1 | 6.6.6.6, 203.0.113.9 | 203.0.113.9", // a client-written first hop is ignored
        "10.0.0.1 | 203.0.113.9, 10.1.1.1 | 203.0.113.9", // two trusted proxies
        "10.0.0.1 | 10.2.2.2, 10.1.1.1 | 10.2.2.2", // all trusted: the leftmost
        "10.0.0.1 | unknown, 203.0.113.9 | 203.0.113.9",
        "10.0.0.1 | 203.0.113.9, unknown | 10.0.0.1", // garbage next to us: stop at the proxy
        "10.0.0.1 | 203.0.113.9, 1.2.3.4.5 | 10.0.0.1",
        "10.0.0.1 | 203.0.113.9, 01.2.3.4 | 10.0.0.1", // leading zero: octal confusion refused
        "10.0.0.1 | 203.0.113.9, example.com | 10.0.0.1", // never a DNS name
        "10.0.0.1 | '' | 10.0.0.1",
        "10.0.0.1 | 203.0.113.9:4711 | 203.0.113.9",
        "10.0.0.1 | [2001:db8::1]:4711 | 2001:db8:0:0:0:0:0:1",
        "10.0.0.1 | 2001:db8::1 | 2001:db8:0:0:0:0:0:1",
        "10.0.0.1 | ::ffff:203.0.113.9 | 203.0.113.9", // IPv4-mapped IPv6 is IPv4
        "10.0.0.1 | ::ffff:10.3.3.3 | 10.3.3.3", // ... also when matching trusted blocks
        "10.0.0.1 | 203.0.113.9 ,  10.4.4.4  | 203.0.113.9",
        "10.0.0.1 | 203.0.113.9%eth0 | 10.0.0.1",
        "10.0.0.1 | .1::2 | 10.0.0.1",
        "2001:db8:ffff::1 | 203.0.113.9 | 203.0.113.9",
        "[2001:db8:ffff::1] | 203.0.113.9 | 203.0.113.9",
      })
  void xForwardedFor_isReadFromTheRight(String remote, String header, String expected) {
    assertThat(resolve(XFF, remote, header.split("\\|"))).isEqualTo(expected);
  }

  @Test
  void controlCharacters_inAHop_endTheWalk() {
    for (String bad : List.of("203.0.113.9\u0000", "203.0.113.9\r\nX: y", "\u0000", "203.0.113.9\u0085")) {
      assertThat(resolve(XFF, "10.0.0.1", "198.51.100.1, " + bad)).as("hop %s", bad.length()).isEqualTo("10.0.0.1");
    }
  }

  @Test
  void severalHeaderLines_areOneListInOrder() {
    assertThat(resolve(XFF, "10.0.0.1", "6.6.6.6", "203.0.113.9", "10.9.9.9")).isEqualTo("203.0.113.9");
  }

  @Test
  void hopsBeyondTheMaximum_stopAtTheLastReached() {
    ClientIpResolver two = ClientIpResolver.builder().trustProxy("10.0.0.0/8").maxHops(2).build();
    assertThat(resolve(two, "10.0.0.1", "203.0.113.9, 10.0.0.3, 10.0.0.2")).isEqualTo("10.0.0.3");
    assertThat(resolve(two, "10.0.0.1", "203.0.113.9, 10.0.0.2")).isEqualTo("203.0.113.9");
  }

  @Test
  void overlongHeaders_areReadFromTheRight_soPaddingCannotHideTheClient() {
    String huge = "203.0.113.9, ".repeat(1000);
    assertThat(resolve(XFF, "10.0.0.1", huge + "198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(resolve(FORWARDED, "10.0.0.1", "for=\"" + "x".repeat(9000) + "\", for=198.51.100.7")).isEqualTo("198.51.100.7");
    // When the walk reaches the cut-off left end, the partial element there is never read: here
    // the rightmost 8192 characters begin with "3.0.113.77", a valid but wrong address.
    ClientIpResolver deep = ClientIpResolver.builder().trustProxy("10.0.0.0/8").maxHops(100).build();
    String padded = ("10.0.0.2" + " ".repeat(734) + ",").repeat(11);
    String header = "203.0.113.77," + padded + "10.0.0.3";
    assertThat(header.length()).isEqualTo(8192 + 2);
    assertThat(resolve(deep, "10.0.0.1", header)).isEqualTo("10.0.0.2");
  }

  @Test
  void clientTextAtTheLeft_cannotChangeHowTheProxiesHopsAreSplit() {
    // nginx's $proxy_add_x_forwarded_for appends ", <peer>" to what the client sent.
    assertThat(resolve(XFF, "10.0.0.1", "\"x, 203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(resolve(XFF, "10.0.0.1", "\"x, 10.0.0.9, 203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(resolve(FORWARDED, "10.0.0.1", "for=\"x, for=203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(resolve(FORWARDED, "10.0.0.1", "for=\"x, for=\"[2001:db8::1]:4711\"")).isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  /** remote | Forwarded | expected client. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.1 | for=203.0.113.9 | 203.0.113.9",
        "10.0.0.1 | for=203.0.113.9;proto=https;by=10.0.0.1 | 203.0.113.9",
        "10.0.0.1 | For=\"203.0.113.9:4711\" | 203.0.113.9",
        "10.0.0.1 | for=\"[2001:db8::1]:4711\" | 2001:db8:0:0:0:0:0:1",
        "10.0.0.1 | for=[2001:db8::1] | 10.0.0.1", // unquoted IPv6: not RFC 7239
        "10.0.0.1 | for=6.6.6.6, for=203.0.113.9 | 203.0.113.9",
        "10.0.0.1 | for=203.0.113.9, for=10.1.1.1 | 203.0.113.9",
        "10.0.0.1 | for=203.0.113.9, for=unknown | 10.0.0.1",
        "10.0.0.1 | for=203.0.113.9, for=_hidden | 10.0.0.1",
        "10.0.0.1 | for=203.0.113.9, proto=https | 10.0.0.1", // an element without for=
        "10.0.0.1 | for=1.1.1.1;for=203.0.113.9 | 10.0.0.1", // two for= in one element
        "10.0.0.1 | for=\"203.0.113.9, 10.0.0.5\" | 10.0.0.1", // a comma inside quotes is one value
      })
  void forwarded_isReadFromTheRight(String remote, String header, String expected) {
    assertThat(resolve(FORWARDED, remote, header)).isEqualTo(expected);
  }

  @Test
  void forwardedResolver_ignoresXForwardedForValues_itIsGivenOnlyItsOwnHeader() {
    assertThat(resolve(FORWARDED, "10.0.0.1", "203.0.113.9")).isEqualTo("10.0.0.1");
  }

  @Test
  void badRemoteAddress_isRefused_withoutEchoingIt() {
    assertThatThrownBy(() -> XFF.resolve("evil.example", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the remote address must be an IPv4 or IPv6 literal");
  }

  @Test
  void trustedBlocks_areValidated() throws Exception {
    assertThatThrownBy(() -> ClientIpResolver.builder().trustProxy("10.1.2.3/8"))
        .hasMessageContaining("no bits set after its prefix");
    assertThatThrownBy(() -> ClientIpResolver.builder().trustProxy("10.0.0.0/33")).hasMessageContaining("between 0 and 32");
    assertThatThrownBy(() -> ClientIpResolver.builder().trustProxy("proxy.internal")).hasMessageContaining("IP literal");
    assertThatThrownBy(() -> ClientIpResolver.builder().trustProxy("10.0.0.0/")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> ClientIpResolver.builder().maxHops(0)).hasMessage("maxHops must be between 1 and 100, was 0");
    assertThatThrownBy(() -> ClientIpResolver.builder().header(ClientIpResolver.Header.FORWARDED).header(ClientIpResolver.Header.FORWARDED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("header is already set");
    ClientIpResolver all = ClientIpResolver.builder().trustProxy("0.0.0.0/0").build();
    assertThat(all.resolve("192.0.2.1", List.of("203.0.113.9, 198.51.100.2"))).isEqualTo(InetAddress.getByName("203.0.113.9"));
    ClientIpResolver v6 = ClientIpResolver.builder().trustProxy("2001:db8::/33").build();
    assertThat(resolve(v6, "2001:db8:7fff::1", "203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(resolve(v6, "2001:db8:8000::1", "203.0.113.9")).isEqualTo("2001:db8:8000:0:0:0:0:1");
  }
}
