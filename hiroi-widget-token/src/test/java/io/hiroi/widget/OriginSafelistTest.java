package io.hiroi.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.widget.OriginCheck.Denial;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OriginSafelistTest {
  private static final String ALLOWED = "ALLOWED";

  /** The safelist every row is checked against. */
  private static final OriginSafelist SAFELIST =
      OriginSafelist.builder()
          .allow("https://a.com")
          .allow("https://shop.example.com:8443")
          .allow("https://bücher.de") // stored as its A-label xn--bcher-kva.de
          .allow("https://xn--mnchen-3ya.de") // münchen.de, written as an A-label
          .allow("https://[2001:db8::1]:8443")
          .allow("https://127.0.0.1")
          .allow("https://*.widgets.example.org")
          .allowSubdomainsAtAnyDepth("https://*.deep.example.net")
          .build();

  private static final OriginSafelist WITH_HTTP =
      OriginSafelist.builder().allow("http://localhost:3000").allow("https://a.com").insecureAllowHttp().build();

  /** value, expected ("ALLOWED:<normalized>" or a Denial name), why. */
  static Stream<Arguments> table() {
    List<Arguments> rows = new ArrayList<>();
    // benign
    row(rows, "https://a.com", "https://a.com", "exact");
    row(rows, "HTTPS://A.COM", "https://a.com", "scheme and host lower-cased");
    row(rows, "https://A.com", "https://a.com", "mixed-case host");
    row(rows, "hTTpS://a.CoM", "https://a.com", "mixed case everywhere");
    row(rows, "https://a.com:443", "https://a.com", "default port dropped");
    row(rows, "https://shop.example.com:8443", "https://shop.example.com:8443", "non-default port kept");
    row(rows, "https://xn--bcher-kva.de", "https://xn--bcher-kva.de", "IDN as punycode, entry was Unicode");
    row(rows, "https://bücher.de", "https://xn--bcher-kva.de", "IDN in Unicode");
    row(rows, "https://BÜCHER.de", "https://xn--bcher-kva.de", "IDN in upper-case Unicode");
    row(rows, "https://XN--BCHER-KVA.DE", "https://xn--bcher-kva.de", "punycode upper-cased");
    row(rows, "https://münchen.de", "https://xn--mnchen-3ya.de", "Unicode against an A-label entry");
    row(rows, "https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443", "IPv6 literal");
    row(rows, "https://[2001:DB8:0:0:0:0:0:1]:8443", "https://[2001:db8::1]:8443", "IPv6 uncompressed, upper-case");
    row(rows, "https://[2001:0db8::0001]:8443", "https://[2001:db8::1]:8443", "IPv6 leading zeros");
    row(rows, "https://127.0.0.1", "https://127.0.0.1", "IPv4");
    row(rows, "https://127.0.0.1:443", "https://127.0.0.1", "IPv4 default port");
    row(rows, "https://x.widgets.example.org", "https://x.widgets.example.org", "one-label wildcard");
    row(rows, "https://X.Widgets.Example.ORG", "https://x.widgets.example.org", "wildcard, mixed case");
    row(rows, "https://a.deep.example.net", "https://a.deep.example.net", "any-depth wildcard, one label");
    row(rows, "https://b.a.deep.example.net", "https://b.a.deep.example.net", "any-depth wildcard, two labels");
    // not on the list
    row(rows, "https://b.com", "NOT_ALLOWED", "another host");
    row(rows, "https://a.com.evil.net", "NOT_ALLOWED", "suffix trick");
    row(rows, "https://evil-a.com", "NOT_ALLOWED", "prefix trick");
    row(rows, "https://evila.com", "NOT_ALLOWED", "prefix trick without hyphen");
    row(rows, "https://a.co", "NOT_ALLOWED", "truncated");
    row(rows, "https://a.com:8443", "NOT_ALLOWED", "other port");
    row(rows, "https://a.com:444", "NOT_ALLOWED", "port next to default");
    row(rows, "https://shop.example.com", "NOT_ALLOWED", "entry's port missing");
    row(rows, "https://widgets.example.org", "NOT_ALLOWED", "wildcard never matches its own domain");
    row(rows, "https://y.x.widgets.example.org", "NOT_ALLOWED", "one-label wildcard, two labels");
    row(rows, "https://deep.example.net", "NOT_ALLOWED", "any-depth wildcard, the domain itself");
    row(rows, "https://xwidgets.example.org", "NOT_ALLOWED", "wildcard suffix without dot");
    row(rows, "https://[2001:db8::2]:8443", "NOT_ALLOWED", "other IPv6");
    row(rows, "https://[2001:db8::1]", "NOT_ALLOWED", "IPv6 without the entry's port");
    row(rows, "https://127.0.0.2", "NOT_ALLOWED", "other IPv4");
    row(rows, "https://xn--bcher-kva.de.evil.net", "NOT_ALLOWED", "IDN suffix trick");
    row(rows, "https://a.com:65535", "NOT_ALLOWED", "highest port, not listed");
    // scheme
    row(rows, "http://a.com", "SCHEME_NOT_ALLOWED", "http without insecureAllowHttp");
    row(rows, "ws://a.com", "SCHEME_NOT_ALLOWED", "websocket scheme");
    row(rows, "file://a.com", "SCHEME_NOT_ALLOWED", "file scheme");
    row(rows, "chrome-extension://abcdefghijklmnop", "SCHEME_NOT_ALLOWED", "extension origin");
    row(rows, "javascript://a.com", "SCHEME_NOT_ALLOWED", "javascript scheme");
    // shape
    row(rows, null, "MISSING", "no header");
    row(rows, "", "MISSING", "empty header");
    row(rows, "null", "OPAQUE", "opaque origin");
    row(rows, "a.com", "MALFORMED", "no scheme");
    row(rows, "//a.com", "MALFORMED", "scheme-relative");
    row(rows, "https:a.com", "MALFORMED", "no slashes");
    row(rows, "https:/a.com", "MALFORMED", "one slash");
    row(rows, "1https://a.com", "MALFORMED", "scheme starts with digit");
    row(rows, "https://", "INVALID_HOST", "no host");
    row(rows, "https://a.com/", "PATH_QUERY_OR_FRAGMENT", "trailing slash");
    row(rows, "https://a.com/path", "PATH_QUERY_OR_FRAGMENT", "path");
    row(rows, "https://a.com?x=1", "PATH_QUERY_OR_FRAGMENT", "query");
    row(rows, "https://a.com#frag", "PATH_QUERY_OR_FRAGMENT", "fragment");
    row(rows, "https://a.com\\evil.net", "PATH_QUERY_OR_FRAGMENT", "backslash");
    row(rows, "https://a.com@evil.net", "USERINFO", "userinfo trick");
    row(rows, "https://user:pass@a.com", "USERINFO", "credentials");
    row(rows, "https://evil.net@a.com", "USERINFO", "userinfo before allowed host");
    row(rows, "https://a.com ", "INVALID_CHARACTER", "trailing space");
    row(rows, " https://a.com", "INVALID_CHARACTER", "leading space");
    row(rows, "https://a.com\t", "INVALID_CHARACTER", "tab");
    row(rows, "https://a.com\r\nX-Evil: 1", "INVALID_CHARACTER", "header injection");
    row(rows, "https://a.com\u0000", "INVALID_CHARACTER", "NUL");
    row(rows, "https://a\u200b.com", "INVALID_CHARACTER", "zero-width space");
    row(rows, "https://a.com\u202e", "INVALID_CHARACTER", "bidi override");
    row(rows, "https://a.com\u00a0", "INVALID_CHARACTER", "no-break space");
    row(rows, "https://a.com\u3000", "INVALID_CHARACTER", "ideographic space");
    row(rows, "https://a.com\u007f", "INVALID_CHARACTER", "DEL");
    row(rows, "https://a.com\ud800", "INVALID_CHARACTER", "unpaired surrogate");
    row(rows, "https://a.com.", "INVALID_HOST", "trailing dot");
    row(rows, "https://a.com..", "INVALID_HOST", "two trailing dots");
    row(rows, "https://.a.com", "INVALID_HOST", "leading dot");
    row(rows, "https://a..com", "INVALID_HOST", "empty label");
    row(rows, "https://%61.com", "INVALID_HOST", "percent-encoded host");
    row(rows, "https://a%2ecom", "INVALID_HOST", "percent-encoded dot");
    row(rows, "https://a_b.com", "INVALID_HOST", "underscore");
    row(rows, "https://-a.com", "INVALID_HOST", "leading hyphen");
    row(rows, "https://a-.com", "INVALID_HOST", "trailing hyphen");
    row(rows, "https://" + "a".repeat(64) + ".com", "INVALID_HOST", "label of 64");
    row(rows, "https://" + ("a".repeat(60) + ".").repeat(5) + "com", "INVALID_HOST", "host over 253");
    row(rows, "https://xn--zz.de", "INVALID_HOST", "bad punycode");
    row(rows, "https://xn--.de", "INVALID_HOST", "empty punycode");
    row(rows, "https://straße.de", "INVALID_HOST", "IDNA deviation character");
    row(rows, "https://0x7f.0.0.1", "INVALID_HOST", "hex IPv4");
    row(rows, "https://127.1", "INVALID_HOST", "short IPv4");
    row(rows, "https://2130706433", "INVALID_HOST", "integer IPv4");
    row(rows, "https://127.0.0.01", "INVALID_HOST", "IPv4 leading zero");
    row(rows, "https://256.0.0.1", "INVALID_HOST", "IPv4 octet over 255");
    row(rows, "https://a.123", "INVALID_HOST", "numeric last label");
    row(rows, "https://[::1", "INVALID_HOST", "unclosed IPv6");
    row(rows, "https://[::1]x", "INVALID_HOST", "junk after IPv6");
    row(rows, "https://[::g]", "INVALID_HOST", "not hex");
    row(rows, "https://[1:2:3:4:5:6:7:8:9]", "INVALID_HOST", "nine groups");
    row(rows, "https://[1::2::3]", "INVALID_HOST", "two ::");
    row(rows, "https://[fe80::1%25eth0]", "INVALID_HOST", "zone id");
    row(rows, "https://::1", "INVALID_HOST", "unbracketed IPv6");
    row(rows, "https://[a.com]", "INVALID_HOST", "brackets around a name");
    row(rows, "https://a.com:0", "INVALID_PORT", "port 0");
    row(rows, "https://a.com:65536", "INVALID_PORT", "port 65536");
    row(rows, "https://a.com:99999999999", "INVALID_PORT", "port overflow");
    row(rows, "https://a.com:", "INVALID_PORT", "empty port");
    row(rows, "https://a.com:0443", "INVALID_PORT", "port with leading zero");
    row(rows, "https://a.com:+443", "INVALID_PORT", "signed port");
    row(rows, "https://a.com:44a", "INVALID_PORT", "port not decimal");
    row(rows, "https://a.com:443:443", "INVALID_HOST", "two ports");
    row(rows, "https://" + "a".repeat(600) + ".com", "OVERSIZED", "over-long value");
    return rows.stream();
  }

  private static void row(List<Arguments> rows, String value, String expected, String why) {
    rows.add(Arguments.of(value, expected.startsWith("https://") ? ALLOWED + ":" + expected : expected, why));
  }

  @Test
  void table_hasAtLeastSixtyRows() {
    assertThat(table().count()).isGreaterThanOrEqualTo(60);
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("table")
  void check_answersAsTheTableSays(String value, String expected, String why) {
    OriginCheck check = SAFELIST.check(value);
    if (expected.startsWith(ALLOWED)) {
      assertThat(check.isAllowed()).as(why).isTrue();
      assertThat(check.origin()).isEqualTo(expected.substring(ALLOWED.length() + 1));
      assertThat(check.denial()).isEmpty();
    } else {
      assertThat(check.isAllowed()).as(why).isFalse();
      assertThat(check.denial()).as(why).contains(Denial.valueOf(expected));
      assertThatThrownBy(check::origin).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void http_isAllowedOnlyWhenConfigured() {
    assertThat(WITH_HTTP.check("http://localhost:3000").origin()).isEqualTo("http://localhost:3000");
    assertThat(WITH_HTTP.check("HTTP://LOCALHOST:3000").origin()).isEqualTo("http://localhost:3000");
    assertThat(WITH_HTTP.check("http://localhost:80").denial()).contains(Denial.NOT_ALLOWED);
    assertThat(WITH_HTTP.check("http://a.com").denial()).contains(Denial.NOT_ALLOWED);
    assertThat(WITH_HTTP.check("https://localhost:3000").denial()).contains(Denial.NOT_ALLOWED);
    assertThat(SAFELIST.check("http://localhost:3000").denial()).contains(Denial.SCHEME_NOT_ALLOWED);
  }

  @Test
  void http_defaultPortIsDropped() {
    OriginSafelist list = OriginSafelist.builder().insecureAllowHttp().allow("http://a.test:80").build();
    assertThat(list.entries()).containsExactly("http://a.test");
    assertThat(list.check("http://a.test").isAllowed()).isTrue();
    assertThat(list.check("https://a.test").isAllowed()).isFalse();
  }

  @Test
  void build_refusesHttpEntryWithoutInsecureAllowHttp() {
    assertThatThrownBy(() -> OriginSafelist.builder().allow("https://a.com").allow("http://localhost:3000").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("safelist entry 1 is an http origin; call insecureAllowHttp() to accept http"
            + " (for example for localhost development)");
  }

  @Test
  void allow_refusesNonOrigins_withoutEchoingThem() {
    for (String bad : new String[] {"https://a.com/", "a.com", "https://secret@a.com", "https://a.com.", "null", "*"}) {
      assertThatThrownBy(() -> OriginSafelist.builder().allow(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("safelist entry 0 is not an origin of the form scheme://host[:port] (")
          .message()
          .doesNotContain("secret");
    }
  }

  @Test
  void wildcards_mustCoverADomainOfTwoLabels() {
    for (String bad : new String[] {"https://*.com", "https://*.127.0.0.1", "https://*.[::1]", "https://*.", "https://*.a.com/"}) {
      assertThatThrownBy(() -> OriginSafelist.builder().allow(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must be of the form https://*.<domain with at least two labels>");
    }
    assertThatThrownBy(() -> OriginSafelist.builder().allow("https://a*.b.com")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OriginSafelist.builder().allowSubdomainsAtAnyDepth("https://a.com"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wildcard_respectsPortAndScheme() {
    OriginSafelist list = OriginSafelist.builder().allow("https://*.a.com:8443").build();
    assertThat(list.check("https://x.a.com:8443").isAllowed()).isTrue();
    assertThat(list.check("https://x.a.com").isAllowed()).isFalse();
    assertThat(list.entries()).containsExactly("https://*.a.com:8443");
  }

  @Test
  void wildcard_neverMatchesAnIpAddress_becauseNoWildcardCanNameOne() {
    // An IPv4 address ends in a numeric label and a wildcard's domain may not: the parser reads a
    // host whose last label is numeric as IPv4 (or refuses it), and a wildcard over an IP literal
    // is refused, so no wildcard entry can end where an address does. These are the guarantees;
    // the checks in OriginSafelist that skip IP origins for wildcards are a second line.
    for (String entry : new String[] {"https://*.0.1", "https://*.0.0.1", "https://*.1.2.3", "https://*.[2001:db8::1]", "https://*.com.1"}) {
      assertThatThrownBy(() -> OriginSafelist.builder().allow(entry)).as(entry).isInstanceOf(IllegalArgumentException.class);
    }
    OriginSafelist list = OriginSafelist.builder().allow("https://*.0.1.com").build();
    assertThat(list.check("https://1.0.1.com").isAllowed()).isTrue();
    assertThat(list.check("https://10.0.1.1").isAllowed()).isFalse();
  }

  @Test
  void build_needsAnEntry_andSettingsOnce() {
    assertThatThrownBy(() -> OriginSafelist.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("origin safelist has no entries; add at least one allowed origin");
    assertThatThrownBy(() -> OriginSafelist.builder().insecureAllowHttp().insecureAllowHttp())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("insecureAllowHttp was already set");
    assertThatThrownBy(() -> OriginSafelist.builder().allow(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void entries_areNormalized() {
    assertThat(SAFELIST.entries())
        .containsExactly(
            "https://a.com",
            "https://shop.example.com:8443",
            "https://xn--bcher-kva.de",
            "https://xn--mnchen-3ya.de",
            "https://[2001:db8::1]:8443",
            "https://127.0.0.1",
            "https://*.widgets.example.org",
            "https://**.deep.example.net");
  }

  @Test
  void toString_neverHoldsTheHeaderValue() {
    assertThat(SAFELIST.check("https://evil.example/<script>").toString()).isEqualTo("OriginCheck[denied: PATH_QUERY_OR_FRAGMENT]");
    assertThat(SAFELIST.check("https://A.com").toString()).isEqualTo("OriginCheck[allowed https://a.com]");
  }
}
