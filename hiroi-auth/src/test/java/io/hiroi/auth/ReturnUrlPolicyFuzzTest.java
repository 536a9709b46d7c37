package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link ReturnUrlPolicy} with arbitrary strings: it never throws, and whatever it accepts
 * stays on the origin when a browser-like resolver ({@link URI#resolve}) resolves it against
 * {@code https://app.example/base/}, with no scheme or authority of its own, and no {@code ..}
 * segment even after one round of percent-decoding. Seeds live in {@code
 * src/test/resources/io/hiroi/auth/ReturnUrlPolicyFuzzTestInputs/<method>/}; fuzz for real with
 * {@code JAZZER_FUZZ=1 mvn -pl hiroi-auth -am test -Dtest=ReturnUrlPolicyFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ReturnUrlPolicyFuzzTest {
  private static final ReturnUrlPolicy POLICY = ReturnUrlPolicy.sameOrigin();
  private static final URI BASE = URI.create("https://app.example/base/");

  @FuzzTest(maxDuration = "30s")
  void acceptedUrls_neverLeaveTheOrigin(FuzzedDataProvider data) {
    String url = data.consumeRemainingAsString();
    ReturnUrlPolicy.Rejection rejection = POLICY.rejection(url);
    assertThat(POLICY.check(url).isPresent()).isEqualTo(rejection == null);
    if (rejection != null) {
      return;
    }
    assertThat(url).startsWith("/").doesNotStartWith("//").doesNotContain("\\");
    for (char c : url.toCharArray()) {
      assertThat(c).isBetween('!', '~');
    }
    URI uri = URI.create(url);
    assertThat(uri.getScheme()).isNull();
    assertThat(uri.getRawAuthority()).isNull();
    URI resolved = BASE.resolve(uri);
    assertThat(resolved.getScheme()).isEqualTo("https");
    assertThat(resolved.getRawAuthority()).isEqualTo("app.example");
    String decodedPath = URLDecoder.decode(uri.getRawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
    assertThat(decodedPath + "/").doesNotStartWith("//").doesNotContain("/../", "/./", "\\");
  }
}
