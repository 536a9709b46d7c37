package io.hiroi.widget;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.widget.internal.OriginScan;
import java.util.ArrayList;
import java.util.List;
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

  static void assertAgree(OriginSafelist safelist, String value) {
    OriginCheck expected = safelist.checkParsed(value, null);
    OriginCheck actual = safelist.check(value);
    assertThat(actual.denial()).as("denial of %s", value).isEqualTo(expected.denial());
    if (expected.isAllowed()) {
      assertThat(actual.origin()).as("origin of %s", value).isEqualTo(expected.origin());
    }
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
