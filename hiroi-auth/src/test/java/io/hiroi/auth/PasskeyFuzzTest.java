package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hiroi.testing.SoftwareAuthenticator;
import io.hiroi.testing.SoftwareAuthenticator.Algorithm;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes what a browser sends to {@link PasskeyService} and what a host's database gives back to
 * {@link PasskeyCredential#fromJson}: nothing throws but the documented {@link
 * IllegalArgumentException} of {@code fromJson}, and no changed assertion verifies. Fuzz for real
 * with {@code JAZZER_FUZZ=1 mvn -pl hiroi-auth -am test -Dtest=PasskeyFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PasskeyFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORIGIN = "https://example.com";
  private static final PasskeyService SERVICE =
      PasskeyService.builder("example.com", "Example", InMemoryOneTimeTokenStore.create()).origin(ORIGIN).build();
  private static final SoftwareAuthenticator AUTHENTICATOR;
  private static final PasskeyCredential CREDENTIAL;

  static {
    try {
      AUTHENTICATOR = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
      PasskeyCeremony c = SERVICE.startRegistration(PasskeyUser.of(PasskeyService.newUserHandle(), "a", "A"), List.of());
      CREDENTIAL = SERVICE.finishRegistration(c.id(), AUTHENTICATOR.create(c.optionsJson()), id -> Optional.empty()).credential().orElseThrow();
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void responses_neverThrow_andOnlyTheSignedBytesVerify(FuzzedDataProvider data) throws Exception {
    boolean whole = data.consumeBoolean();
    PasskeyCeremony c = SERVICE.startAuthentication();
    String valid = AUTHENTICATOR.get(c.optionsJson());
    String response;
    if (whole) {
      response = data.consumeRemainingAsString();
    } else {
      int at = data.consumeInt(0, valid.length());
      int cut = data.consumeInt(0, valid.length() - at);
      response = valid.substring(0, at) + data.consumeRemainingAsString() + valid.substring(at + cut);
    }
    PasskeyAuthentication a = SERVICE.finishAuthentication(c.id(), response, id -> Optional.of(CREDENTIAL));
    if (a.isValid()) {
      JsonNode sent = JSON.readTree(response).path("response");
      JsonNode signed = JSON.readTree(valid).path("response");
      for (String field : List.of("clientDataJSON", "authenticatorData", "signature")) {
        assertThat(sent.path(field).asText()).isEqualTo(signed.path(field).asText());
      }
    }
    PasskeyCeremony r = SERVICE.startRegistration(PasskeyUser.of(PasskeyService.newUserHandle(), "b", "B"), List.of());
    SERVICE.finishRegistration(r.id(), response, id -> Optional.empty());
  }

  @FuzzTest(maxDuration = "30s")
  void storedCredentials_parseOrFailWithIllegalArgument(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      PasskeyCredential c = PasskeyCredential.fromJson(text);
      assertThat(PasskeyCredential.fromJson(c.toJson()).toJson()).isEqualTo(c.toJson());
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).doesNotContain(text.length() > 8 ? text : "\u0000");
    }
  }
}
