package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.testing.SoftwareAuthenticator;
import io.hiroi.testing.SoftwareAuthenticator.Algorithm;
import io.hiroi.testing.ReadmeSnippets;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The README's passkey example, compiled and run against a software authenticator. */
class PasskeyReadmeExamplesTest {
  private final Map<String, String> credentialsTable = new HashMap<>(); // credential id -> stored JSON
  private final Map<String, String> userIdsByHandle = new HashMap<>();
  private final Map<String, String> flow = new HashMap<>(); // the server side of one browser's flow
  private SoftwareAuthenticator browser;

  @Test
  void readmeShowsThisExample() {
    ReadmeSnippets.assertReadmeMatches(Paths.get("src/test/java/io/hiroi/auth/PasskeyReadmeExamplesTest.java"));
  }

  @Test
  void passkeys() throws Exception {
    browser = new SoftwareAuthenticator(Algorithm.ES256, "https://app.example.com", 0);
    OneTimeTokenStore store = InMemoryOneTimeTokenStore.create(); // or RedisOneTimeTokenStore.using(connection)
    String userId = "user-42";

    // region readme:auth-passkeys
    PasskeyService passkeys = PasskeyService.builder("example.com", "Example", store)
        .origin("https://app.example.com")
        .build(); // user verification preferred, attestation none, challenges live 5 minutes

    // Registration, for a signed-in user: a handle per user (random, kept with the user).
    String handle = PasskeyService.newUserHandle();
    PasskeyCeremony reg = passkeys.startRegistration(PasskeyUser.of(handle, "alice@example.com", "Alice"), List.of());
    flow.put("passkey-ceremony", reg.id()); // server side of this browser's flow: session or HttpOnly cookie
    // Browser: PublicKeyCredential.parseCreationOptionsFromJSON(options), navigator.credentials.create(),
    // then POST JSON.stringify(credential) back.
    String created = browserCreates(reg.optionsJson());
    PasskeyService.CredentialLookup lookup =
        id -> Optional.ofNullable(credentialsTable.get(id)).map(PasskeyCredential::fromJson);
    PasskeyRegistration registration = passkeys.finishRegistration(flow.remove("passkey-ceremony"), created, lookup);
    if (registration.isValid()) { // refused, among others, when the credential id is already registered
      PasskeyCredential c = registration.credential().get();
      credentialsTable.putIfAbsent(c.credentialId(), c.toJson()); // a public key: nothing secret; id unique
      userIdsByHandle.put(c.userHandle(), userId);
    }

    // Usernameless sign-in: the browser offers the passkeys it holds for example.com.
    PasskeyCeremony signIn = passkeys.startAuthentication();
    flow.put("passkey-ceremony", signIn.id());
    String asserted = browserGets(signIn.optionsJson());
    PasskeyAuthentication result = passkeys.finishAuthentication(flow.remove("passkey-ceremony"), asserted, lookup);
    if (result.isValid()) {
      PasskeyCredential updated = result.credential().get(); // new counter and backup state
      credentialsTable.put(updated.credentialId(), updated.toJson()); // in SQL: ... WHERE sign_count = old
      String signedIn = userIdsByHandle.get(result.userHandle().get());
      log("passkey sign-in of " + signedIn + ", user verified: " + result.userVerified());
    } else {
      log("passkey refused: " + result.failure().get()); // CHALLENGE_MISMATCH, POSSIBLE_CLONE, ...
    }
    // endregion

    assertThat(registration.isValid()).isTrue();
    assertThat(result.failure()).isEmpty();
    assertThat(result.userHandle()).hasValue(handle);
    assertThat(PasskeyCredential.fromJson(credentialsTable.get(browser.credentialIdText())).signCount()).isEqualTo(1);
  }

  private String browserCreates(String options) throws Exception {
    return browser.create(options);
  }

  private String browserGets(String options) throws Exception {
    return browser.get(options);
  }

  private static void log(String line) {
    assertThat(line).doesNotContain("ceremony");
  }
}
