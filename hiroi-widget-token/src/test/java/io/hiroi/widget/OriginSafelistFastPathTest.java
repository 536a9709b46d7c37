package io.hiroi.widget;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.widget.OriginCheck.Denial;
import io.hiroi.widget.internal.OriginParser;
import io.hiroi.widget.internal.OriginScan;
import io.hiroi.widget.internal.ParsedOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link OriginSafelist#check(String)} with its allocation-free fast path and its IDN cache
 * answers exactly what the full parser path without a cache ({@link OriginSafelist#checkParsed})
 * answers: same allowed origin, same
 * denial reason, for generated values built from the pieces that matter (scheme case, hosts on and
 * near the list, upper case, A-labels good and bad, numeric and hexadecimal labels, dots, hyphens,
 * ports default and not, junk characters).
 */
class OriginSafelistFastPathTest {
  static final List<OriginSafelist> SAFELISTS =
      List.of(
          OriginSafelist.builder()
              .allow("https://a.com")
              .allow("https://shop.example.com:8443")
              .allow("https://bücher.de")
              .allow("https://xn--mnchen-3ya.de")
              .allow("https://[2001:db8::1]:8443")
              .allow("https://127.0.0.1")
              .allow("https://*.widgets.example.org")
              .allowSubdomainsAtAnyDepth("https://*.deep.example.net")
              .build(),
          OriginSafelist.builder()
              .allow("http://localhost:3000")
              .allow("https://a.com")
              .allow("http://10.0.0.7:8080")
              .allow("https://*.a.com:8443")
              .allow("http://*.dev.example")
              .insecureAllowHttp()
              .build(),
          OriginSafelist.builder()
              .allow("https://xn--bcher-kva.example")
              .allow("https://shop.example.com")
              .allow("https://*.xn--mnchen-3ya.de")
              .allowSubdomainsAtAnyDepth("https://*.a.b.example:8443")
              .allow("https://*.widgets.example.org")
              .build());

  private static final String[] SCHEMES = {"https", "HTTPS", "hTtPs", "http", "HTTP", "Http", "ftp", "httpx", "htt", "ws", "h"};
  private static final String[] SEPARATORS = {"://", "://", "://", "://", ":/", ":", "//", ":///"};
  private static final String[] HOSTS = {
    "a.com", "A.COM", "a.Com", "shop.example.com", "Shop.Example.COM", "xn--bcher-kva.de", "XN--BCHER-KVA.DE",
    "xn--Bcher-kva.de", "xn--mnchen-3ya.de", "xn--zz.de", "xn--.de", "xn--a.de", "127.0.0.1", "127.0.0.01",
    "10.0.0.7", "256.0.0.1", "127.1", "0x7f.0.0.1", "a.0x1", "a.0X1", "a.123", "1.2.3", "2130706433", "x.widgets.example.org",
    "X.WIDGETS.example.org", "y.x.widgets.example.org", "widgets.example.org", "xwidgets.example.org", "a.deep.example.net",
    "b.A.deep.example.NET", "deep.example.net", "localhost", "LOCALHOST", "b.a.com", "B.A.COM", "a.com.evil.net",
    "evil-a.com", "a-.com", "-a.com", "a..com", ".a.com", "a.com.", "a_b.com", "q.dev.example", "Q.DEV.EXAMPLE",
    "dev.example", "a" .repeat(63) + ".com", "a".repeat(64) + ".com", ("a".repeat(60) + ".").repeat(4) + "com",
    ("a".repeat(62) + ".").repeat(4) + "a", "x", "0", "9a", "a9", "[2001:db8::1]", "[::1]", "bücher.de", "BÜCHER.de", "münchen.de", "MÜNCHEN.DE", "x.bücher.de", "straße.de", "a.com@evil.net",
    "a.com/", "%61.com", "",
  };
  private static final String[] PORTS = {
    "", "", "", "", ":443", ":80", ":8443", ":3000", ":8080", ":0", ":0443", ":65535", ":65536", ":99999",
    ":", ":1:2", ":44a", ":+443", ":1", "1",
  };

  @Test
  void fastPath_agreesWithTheParser_onGeneratedValues() {
    Random random = new Random(20261201);
    int fast = 0;
    int allowedFast = 0;
    int total = 100_000;
    for (int i = 0; i < total; i++) {
      String value = generate(random);
      for (OriginSafelist safelist : SAFELISTS) {
        assertAgree(safelist, value);
      }
      if (value.length() <= 512 && OriginScan.scan(value) != OriginScan.SLOW) {
        fast++;
        if (SAFELISTS.get(0).check(value).isAllowed() || SAFELISTS.get(1).check(value).isAllowed()) {
          allowedFast++;
        }
      }
    }
    // The fast path itself was exercised, both for allowed and for denied values.
    String counts = "fast " + fast + ", of which allowed " + allowedFast;
    assertThat(fast).as(counts).isGreaterThan(total / 20);
    assertThat(allowedFast).as(counts).isGreaterThan(total / 200);
    assertThat(fast - allowedFast).as(counts).isGreaterThan(total / 50);
  }

  @Test
  void fastPath_agreesWithTheParser_onTheTableRows() {
    List<String> values = new ArrayList<>();
    OriginSafelistTest.table().forEach(args -> values.add((String) args.get()[0]));
    assertThat(values).hasSizeGreaterThan(60);
    for (String value : values) {
      for (OriginSafelist safelist : SAFELISTS) {
        assertAgree(safelist, value);
      }
    }
  }

  @Test
  void unicodeSpellings_ofListedNames_agreeWithTheParser_andAreAllowed() {
    // The Unicode forms are looked up before the parser: each spelling and its near misses must
    // get exactly the parser's answer.
    String[] hosts = {"bücher.de", "münchen.de", "BÜCHER.de", "Bücher.de", "bücher.de.", "x.bücher.de", "bücher.de.evil.net",
      "bücher.dé", "bücher.de\u200b", "bü\u200dcher.de", "büchers.de", "straße.de", "bücher", "bücher..de"};
    String[] suffixes = {"", ":443", ":8443", ":0", "/", "@evil.net", " "};
    for (String scheme : new String[] {"https://", "HTTPS://", "http://"}) {
      for (String host : hosts) {
        for (String suffix : suffixes) {
          String value = scheme + host + suffix;
          for (OriginSafelist safelist : SAFELISTS) {
            assertAgree(safelist, value);
          }
        }
      }
    }
    OriginSafelist list = SAFELISTS.get(0);
    assertThat(list.check("https://bücher.de").origin()).isEqualTo("https://xn--bcher-kva.de");
    assertThat(list.check("https://münchen.de").origin()).isEqualTo("https://xn--mnchen-3ya.de");
    assertThat(list.check("https://münchen.de:443").origin()).isEqualTo("https://xn--mnchen-3ya.de");
    assertThat(list.check("https://bücher.de.").denial()).isPresent();
  }

  @Test
  void fastPath_agreesWithTheParser_onHostileValues() {
    String[] prefixes = {"https://", "HTTPS://", "http://", "Http://", "https:/", "https:///", "https://user@",
      "https://:@", " https://", "https://\u0000", "ftp://", "https//", "https://."};
    String[] hosts = {
      "xn--bcher-kva.example", "XN--BCHER-KVA.example", "xn--Bcher-kva.example", "xn--bcher-kvb.example",
      "xn--bcher-kva.example.", "xn--.example", "xn--zz.example", "xn--mnchen-3ya.example", "xn--mnchen-3ya",
      "x.xn--mnchen-3ya.de", "xn--zz.xn--mnchen-3ya.de", "xn--bcher-kva.xn--mnchen-3ya.de", "xn--mnchen-3ya.xn--zz.de", "a.xn--bcher-kva.b.xn--zz.de",
      "a.xn--bcher-kva.b.xn--mnchen-3ya.de", "x.xn--zz.xn--mnchen-3ya.de", "y.x.xn--mnchen-3ya.de",
      "xn--mnchen-3ya.de", "x.a.b.example", "y.x.a.b.example", "z.y.x.a.b.example", "a.b.example", "xn--zz.a.b.example",
      "X.A.B.EXAMPLE", "eu-1.widgets.example.org", "EU-1.Widgets.Example.ORG", "widgets.example.org",
      ".widgets.example.org", "x..widgets.example.org", "x.widgets.example.org.", "-x.widgets.example.org",
      "x-.widgets.example.org", "a.b.widgets.example.org", "shop.example.com", "Shop.Example.com",
      "shop.example.com.evil.net", "shop.example.com.", "shop.example.co", "hop.example.com", "127.0.0.1", "1.2.3.4.5",
      "0x10", "a.0x10", "[::1]", "[::1", "bücher.example", "a_b.example", "a b.example", ""};
    String[] suffixes = {"", ":443", ":80", ":8443", ":0", ":65536", ":", "/", "/path", "?q", "#f", "\\", "%2e", ".", " ",
      "\t", "\u0000", "\u007f", "\u200b", "@evil.net", ":443@evil.net", "\r\n", ":8443:1"};
    int checked = 0;
    for (String prefix : prefixes) {
      for (String host : hosts) {
        for (String suffix : suffixes) {
          String value = prefix + host + suffix;
          for (OriginSafelist safelist : SAFELISTS) {
            assertAgree(safelist, value);
          }
          checked++;
        }
      }
    }
    // Lengths around the limits: a label of 63 and 64, a host of 253 and 254, a value of 512 and 513.
    for (int extra = -3; extra <= 3; extra++) {
      String label = "a".repeat(63 + extra);
      String host = ("b".repeat(62) + ".").repeat(3) + "c".repeat(64 + extra);
      String value = "https://" + "d".repeat(Math.max(1, 504 + extra)) + ".com";
      for (String v : new String[] {"https://" + label + ".example", "https://" + host, "https://x." + host, value,
        "https://x.widgets.example.org:8443".replace("x", label)}) {
        for (OriginSafelist safelist : SAFELISTS) {
          assertAgree(safelist, v);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(13_000);
  }

  @Test
  void unlistedALabels_keepTheParsersReason() {
    OriginSafelist list = SAFELISTS.get(0); // https only
    assertThat(list.check("https://xn--mnchen-3ya.example").denial()).contains(Denial.NOT_ALLOWED);
    assertThat(list.check("https://xn--zz.example").denial()).contains(Denial.INVALID_HOST);
    assertThat(list.check("https://xn--zz.widgets.example.org").denial()).contains(Denial.INVALID_HOST);
    assertThat(list.check("https://xn--mnchen-3ya.widgets.example.org").origin())
        .isEqualTo("https://xn--mnchen-3ya.widgets.example.org");
    // The parser refuses the bad host before it looks at the scheme.
    assertThat(list.check("http://xn--zz.example").denial()).contains(Denial.INVALID_HOST);
    assertThat(list.check("http://xn--mnchen-3ya.example").denial()).contains(Denial.SCHEME_NOT_ALLOWED);
    // A listed A-label, in any case.
    assertThat(list.check("https://xn--mnchen-3ya.de").origin()).isEqualTo("https://xn--mnchen-3ya.de");
    assertThat(list.check("HTTPS://XN--MNCHEN-3YA.DE:443").origin()).isEqualTo("https://xn--mnchen-3ya.de");
  }

  /**
   * The two answers agree; and where {@link OriginScan} decides a value, it agrees with {@link
   * OriginParser} itself: the same normal form and its hash, or (the one check it leaves to its
   * caller) a bad {@code xn--} label that the parser refuses as an invalid host.
   */
  static void assertAgree(OriginSafelist safelist, String value) {
    OriginCheck expected = safelist.checkParsed(value, null);
    OriginCheck actual = safelist.check(value);
    assertThat(actual.denial()).as("denial of %s", value).isEqualTo(expected.denial());
    if (expected.isAllowed()) {
      assertThat(actual.origin()).as("origin of %s", value).isEqualTo(expected.origin());
    }
    if (value == null || value.length() > OriginParser.MAX_LENGTH) {
      return;
    }
    long scan = OriginScan.scan(value);
    if (scan == OriginScan.SLOW) {
      return;
    }
    Object parsed = OriginParser.parse(value);
    if (OriginScan.hasALabel(scan) && !OriginScan.aLabelsValid(value, scan)) {
      assertThat(parsed).as("parse of %s", value).isEqualTo(Denial.INVALID_HOST);
      return;
    }
    assertThat(parsed).as("parse of %s", value).isInstanceOf(ParsedOrigin.class);
    ParsedOrigin origin = (ParsedOrigin) parsed;
    assertThat(OriginScan.serialized(value, scan)).as("normal form of %s", value).isEqualTo(origin.serialized);
    assertThat(OriginScan.hash(scan)).as("hash of %s", value).isEqualTo(origin.serialized.hashCode());
    assertThat(OriginScan.isNormal(scan)).as("%s is normal", value).isEqualTo(value.equals(origin.serialized));
    assertThat(OriginScan.port(value, scan)).as("port of %s", value).isEqualTo(origin.port);
    assertThat(OriginScan.isIpv4(scan)).as("IPv4 %s", value).isEqualTo(origin.ipLiteral);
    assertThat(value.substring(OriginScan.hostStart(scan), OriginScan.hostEnd(scan)).toLowerCase(Locale.ROOT))
        .as("host of %s", value).isEqualTo(origin.host);
  }

  private static String generate(Random random) {
    StringBuilder b = new StringBuilder();
    b.append(SCHEMES[random.nextInt(SCHEMES.length)]);
    b.append(random.nextInt(8) == 0 ? SEPARATORS[random.nextInt(SEPARATORS.length)] : "://");
    int labels = random.nextBoolean() ? 0 : random.nextInt(4);
    if (labels == 0) {
      b.append(HOSTS[random.nextInt(HOSTS.length)]);
    } else {
      // A random name, or random labels in front of a listed one.
      for (int l = 0; l < labels; l++) {
        b.append(label(random)).append('.');
      }
      b.append(random.nextBoolean() ? HOSTS[random.nextInt(HOSTS.length)] : label(random));
    }
    b.append(random.nextBoolean() ? "" : PORTS[random.nextInt(PORTS.length)]);
    if (random.nextInt(20) == 0) {
      // One junk character somewhere.
      String junk = "@/\\?#% \t\u0000\u00e9\u00df\u200b:.-[]AZaz09";
      b.insert(random.nextInt(b.length() + 1), junk.charAt(random.nextInt(junk.length())));
    }
    return b.toString();
  }

  private static String label(Random random) {
    String alphabet = "abcxyzABCXYZ0123456789-";
    int kind = random.nextInt(6);
    if (kind == 0) {
      return "xn--" + (random.nextBoolean() ? "mnchen-3ya" : randomText(random, alphabet, 1 + random.nextInt(8)));
    }
    if (kind == 1) {
      return Integer.toString(random.nextInt(300));
    }
    if (kind == 2) {
      return "0x" + randomText(random, "0123456789abcdef", 1 + random.nextInt(3));
    }
    return randomText(random, alphabet, 1 + random.nextInt(kind == 3 ? 70 : 10));
  }

  private static String randomText(Random random, String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
