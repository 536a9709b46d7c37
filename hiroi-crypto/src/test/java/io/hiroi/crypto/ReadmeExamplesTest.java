package io.hiroi.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.testing.ReadmeSnippets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's hiroi-crypto examples, compiled and run here; {@link #readmeShowsTheseExamples()}
 * fails when the README copy drifts from this file.
 */
class ReadmeExamplesTest {
  @TempDir Path dir;

  @Test
  void readmeShowsTheseExamples() {
    ReadmeSnippets.assertReadmeMatches(Paths.get("src/test/java/io/hiroi/crypto/ReadmeExamplesTest.java"));
  }

  @Test
  void keyRingAndEnvelope() throws Exception {
    Path keyRingFile = dir.resolve("keyring.json");
    Files.write(keyRingFile, KeyRing.builder().addGeneratedKey(1).primary(1).build().exportJson());

    // region readme:crypto-envelope
    KeyRing keyRing = KeyRing.fromFile(keyRingFile); // a mounted secret; there is no default key
    CredentialCipher cipher = CredentialCipher.create(keyRing);

    byte[] oauthToken = "token-from-linkedin".getBytes(UTF_8);
    String stored = cipher.encrypt(oauthToken, "tenant/42/credential/7/linkedin");

    try (Decryption d = cipher.decrypt(stored, "tenant/42/credential/7/linkedin")) {
      if (d.isSuccess()) {
        useToken(d.plaintext()); // the buffer is zeroed when the try block ends
      } else {
        log("credential 7 did not decrypt: " + d.failure().get()); // a reason for logs only
      }
    }
    // The same envelope under another record's context never decrypts:
    boolean moved = cipher.decrypt(stored, "tenant/42/credential/8/linkedin").isSuccess(); // false
    // endregion
    assertThat(moved).isFalse();
    assertThat(used).containsExactly("token-from-linkedin");
    assertThat(cipher.decrypt(stored, "tenant/42/credential/8/linkedin").isSuccess()).isFalse();
  }

  @Test
  void credentialLifecycle() {
    KeyRing keyRing = KeyRing.builder().addGeneratedKey(1).primary(1).build();
    CredentialCipher cipher = CredentialCipher.create(keyRing);
    byte[] oauthToken = "token-from-linkedin".getBytes(UTF_8);
    Repository repository = new Repository();

    // region readme:crypto-lifecycle
    // The context comes from the record's identity, never from a stored column.
    CredentialContext contexts = id -> "tenant/42/credential/" + id;
    CredentialVault vault = CredentialVault.create(cipher, contexts, repository::markInvalid);
    StoredCredential credential = vault.seal("7", oauthToken); // store id, status, envelope

    CredentialAccess<Integer> access = vault.withPlaintext(credential, token -> callApi(token));
    if (!access.isSuccess()) {
      // INVALID: a decrypt failed once and the repository was told; ask the user to reconnect.
      // REVOKED: disconnected; the envelope is kept for audit but is never decrypted.
      askUserToReconnect(access.status());
    }
    StoredCredential disconnected = vault.revoke(credential);
    // endregion
    assertThat(access.value()).isEqualTo(19);
    assertThat(vault.withPlaintext(disconnected, token -> callApi(token)).status()).isEqualTo(CredentialStatus.REVOKED);
    assertThat(repository.invalid).isEmpty();
  }

  @Test
  void apiKeys() {
    KeyRing keyRing = KeyRing.builder().addGeneratedKey(1).primary(1).build();
    Repository repository = new Repository();

    // region readme:crypto-apikeys
    ApiKeys apiKeys = ApiKeys.create(keyRing, "hk_live");
    ApiKey key = apiKeys.generate();
    showOnce(key.reveal());                   // hk_live_<43 base62><6 base62 CRC32>
    repository.saveKeyHash(apiKeys.hash(key)); // "<kid>:<hex HMAC>": the database alone confirms nothing

    // On a request: format and checksum first (no lookup), then the stored hash.
    ApiKeyCheck check = apiKeys.parse(presentedKey);
    boolean authorized = check.isValid()
        && repository.findKeyHash(apiKeys.lookupHashes(check.key())) != null;
    // endregion
    assertThat(authorized).isFalse();
    presentedKey = key.reveal();
    ApiKeyCheck again = apiKeys.parse(presentedKey);
    assertThat(repository.findKeyHash(apiKeys.lookupHashes(again.key()))).isEqualTo(apiKeys.hash(key));
    assertThat(shown).containsExactly(key.reveal());
  }

  @Test
  void passwords() {
    Repository repository = new Repository();
    char[] password = "correct horse battery staple".toCharArray();
    repository.passwordHash = PasswordHasher.builder().memoryKiB(12288).iterations(3).build().hash(password);

    // region readme:crypto-passwords
    PasswordHasher hasher = PasswordHasher.defaults(); // Argon2id, m=19456 KiB, t=2, p=1
    String stored = repository.passwordHash;          // $argon2id$v=19$m=...,t=...,p=...$salt$hash

    boolean ok = hasher.verify(stored, password);     // uses the parameters in the stored string
    if (ok && hasher.needsRehash(stored)) {
      repository.passwordHash = hasher.hash(password); // upgrade on the next successful login
    }
    // endregion
    assertThat(ok).isTrue();
    assertThat(repository.passwordHash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(hasher.verify(repository.passwordHash, password)).isTrue();
  }

  @Test
  void signedTokens() {
    KeyRing keyRing = KeyRing.builder().addGeneratedKey(1).primary(1).build();

    // region readme:crypto-tokens
    SignedTokens oauthState = SignedTokens.builder(keyRing, "hiroi-oauth-state-v1").build();
    String state = oauthState.sign(oauthState.claims(Duration.ofMinutes(10)) // iat, exp, random jti
        .audience("oauth-callback")
        .subject("customer-42")
        .claim("platform", "linkedin")
        .build());

    // In the callback, before any database write:
    TokenVerification verified = oauthState.verify(state, "oauth-callback");
    if (!verified.isValid()) {
      log.warn("OAuth state rejected: {}", verified.failure().get()); // EXPIRED, BAD_SIGNATURE, ...
      return;
    }
    String platform = verified.claims().stringClaim("platform").orElseThrow();
    // endregion
    assertThat(platform).isEqualTo("linkedin");
    assertThat(verified.claims().subject()).contains("customer-42");
    assertThat(oauthState.verify(state, "other-audience").failure()).contains(TokenVerification.Failure.WRONG_AUDIENCE);
    assertThat(log.warnings).isEmpty();
  }

  // ---- the host application's side, as the examples imagine it ----

  private final Log log = new Log();
  private final List<String> used = new ArrayList<>();
  private final List<String> shown = new ArrayList<>();
  private String presentedKey = "hk_live_not-a-key";

  private void useToken(byte[] token) {
    used.add(new String(token, UTF_8));
  }

  private static void log(String message) {
    throw new AssertionError(message);
  }

  private static int callApi(byte[] token) {
    return token.length;
  }

  private static void askUserToReconnect(CredentialStatus status) {
    throw new AssertionError("unexpected " + status);
  }

  private void showOnce(String key) {
    shown.add(key);
  }

  private static final class Log {
    final List<String> warnings = new ArrayList<>();

    void warn(String format, Object argument) {
      warnings.add(format.replace("{}", String.valueOf(argument)));
    }
  }

  private static final class Repository {
    final List<String> invalid = new ArrayList<>();
    final List<String> hashes = new ArrayList<>();
    String passwordHash;

    void markInvalid(StoredCredential credential, DecryptFailure reason) {
      invalid.add(credential.id());
    }

    void saveKeyHash(String hash) {
      hashes.add(hash);
    }

    String findKeyHash(List<String> candidates) {
      return hashes.stream().filter(candidates::contains).findFirst().orElse(null);
    }
  }
}
