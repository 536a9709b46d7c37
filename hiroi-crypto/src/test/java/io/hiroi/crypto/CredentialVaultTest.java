package io.hiroi.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CredentialVaultTest {
  private static final String CONTEXT = "tenant/42/credential/7/linkedin";
  private static final byte[] SECRET = "linkedin-token-for-tests".getBytes(UTF_8);

  private final KeyRing ring = KeyRing.builder().addKey(1, KeyRingTest.TEST_KEY_1).primary(1).build();
  private final CredentialCipher cipher = CredentialCipher.create(ring);
  private final List<String> invalidated = new ArrayList<>();
  private static final CredentialContext CONTEXTS = id -> "tenant/42/credential/" + id + "/linkedin";
  private final CredentialVault vault =
      CredentialVault.create(cipher, CONTEXTS, (credential, reason) -> invalidated.add(credential.id() + ":" + credential.status() + ":" + reason));

  @Test
  void withPlaintext_runsTheActionOnAnActiveCredential_thenZeroesThePlaintext() {
    StoredCredential stored = vault.seal("7", SECRET);
    assertThat(stored.status()).isEqualTo(CredentialStatus.ACTIVE);
    AtomicReference<byte[]> seen = new AtomicReference<>();
    CredentialAccess<String> access = vault.withPlaintext(stored, plaintext -> {
      seen.set(plaintext);
      return new String(plaintext, UTF_8);
    });
    assertThat(access.isSuccess()).isTrue();
    assertThat(access.value()).isEqualTo("linkedin-token-for-tests");
    assertThat(seen.get()).as("plaintext overwritten after the action").containsOnly(0);
    assertThat(invalidated).isEmpty();
  }

  @Test
  void withPlaintext_zeroesThePlaintext_whenTheActionThrows() {
    StoredCredential stored = vault.seal("7", SECRET);
    AtomicReference<byte[]> seen = new AtomicReference<>();
    assertThatThrownBy(() -> vault.withPlaintext(stored, plaintext -> {
      seen.set(plaintext);
      throw new IOException("upstream down");
    })).isInstanceOf(IOException.class).hasMessage("upstream down");
    assertThat(seen.get()).containsOnly(0);
  }

  @Test
  void decryptFailure_marksInvalidOnce_andIsNotRetried() {
    StoredCredential stored = vault.seal("7", SECRET);
    // The envelope copied into another record (row 8): its context comes from the id, so it fails.
    StoredCredential moved = StoredCredential.of("8", CredentialStatus.ACTIVE, stored.envelope());
    AtomicInteger calls = new AtomicInteger();
    CredentialAccess<Object> access = vault.withPlaintext(moved, p -> calls.incrementAndGet());
    assertThat(access.isSuccess()).isFalse();
    assertThat(access.status()).isEqualTo(CredentialStatus.INVALID);
    assertThat(access.decryptFailure()).contains(DecryptFailure.AUTHENTICATION_FAILED);
    assertThat(invalidated).containsExactly("8:INVALID:AUTHENTICATION_FAILED");
    assertThat(calls).hasValue(0);
    assertThatThrownBy(access::value).isInstanceOf(IllegalStateException.class);

    // The host stored INVALID: the vault refuses without decrypting or reporting again.
    StoredCredential invalid = StoredCredential.of("7", CredentialStatus.INVALID, stored.envelope());
    CredentialAccess<Object> again = vault.withPlaintext(invalid, p -> calls.incrementAndGet());
    assertThat(again.status()).isEqualTo(CredentialStatus.INVALID);
    assertThat(again.decryptFailure()).isEmpty();
    assertThat(calls).hasValue(0);
    assertThat(invalidated).hasSize(1);
  }

  @Test
  void revoked_isNeverDecrypted_butTheEnvelopeIsKept() {
    StoredCredential stored = vault.seal("7", SECRET);
    StoredCredential revoked = vault.revoke(stored);
    assertThat(revoked.status()).isEqualTo(CredentialStatus.REVOKED);
    assertThat(revoked.envelope()).isEqualTo(stored.envelope());
    AtomicInteger calls = new AtomicInteger();
    CredentialAccess<Object> access = vault.withPlaintext(revoked, p -> calls.incrementAndGet());
    assertThat(access.status()).isEqualTo(CredentialStatus.REVOKED);
    assertThat(calls).hasValue(0);
    assertThatThrownBy(() -> vault.reauthorize(revoked, SECRET))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a revoked credential cannot be re-authorized; connect a new one");
  }

  @Test
  void reauthorize_makesAnInvalidCredentialActiveWithTheNewSecret() {
    StoredCredential invalid = vault.seal("7", SECRET).withStatus(CredentialStatus.INVALID);
    StoredCredential fresh = vault.reauthorize(invalid, "new-token".getBytes(UTF_8));
    assertThat(fresh.status()).isEqualTo(CredentialStatus.ACTIVE);
    assertThat(fresh.envelope()).isNotEqualTo(invalid.envelope());
    assertThat(vault.withPlaintext(fresh, p -> new String(p, UTF_8)).value()).isEqualTo("new-token");
  }

  @Test
  void rewrapIfNeeded_movesOldCredentialsToThePrimary_andLeavesOthersAlone() {
    StoredCredential old = vault.seal("7", SECRET);
    assertThat(vault.rewrapIfNeeded(old)).isSameAs(old);
    KeyRing rotated = ring.toBuilder().addKey(2, KeyRingTest.TEST_KEY_2).primary(2).build();
    CredentialVault newVault = CredentialVault.create(CredentialCipher.create(rotated), CONTEXTS, (c, r) -> invalidated.add(c.id()));
    StoredCredential moved = newVault.rewrapIfNeeded(old);
    assertThat(moved.envelope()).isNotEqualTo(old.envelope());
    assertThat(moved.status()).isEqualTo(CredentialStatus.ACTIVE);
    assertThat(newVault.rewrapIfNeeded(moved)).isSameAs(moved);
    StoredCredential revoked = newVault.revoke(old);
    assertThat(newVault.rewrapIfNeeded(revoked)).isSameAs(revoked);
    // An old envelope copied into another record cannot be rewrapped: INVALID, and reported.
    StoredCredential broken = StoredCredential.of("9", CredentialStatus.ACTIVE, old.envelope());
    assertThat(newVault.rewrapIfNeeded(broken).status()).isEqualTo(CredentialStatus.INVALID);
    assertThat(invalidated).containsExactly("9");
  }

  @Test
  void toString_leavesOutEnvelopeAndContext() {
    StoredCredential stored = vault.seal("7", SECRET);
    assertThat(stored.toString()).isEqualTo("StoredCredential[id=7, status=ACTIVE]");
    assertThat(vault.withPlaintext(stored, p -> "x").toString()).isEqualTo("CredentialAccess[status=ACTIVE]");
  }

  @Test
  void storedCredential_validatesAndCompares() {
    assertThatThrownBy(() -> StoredCredential.of("", CredentialStatus.ACTIVE, "e"))
        .hasMessage("credential id must be 1 to 256 characters, was 0");
    assertThatThrownBy(() -> vault.seal("", SECRET)).hasMessage("credential id must be 1 to 256 characters, was 0");
    assertThat(StoredCredential.of("1", CredentialStatus.ACTIVE, "e"))
        .isEqualTo(StoredCredential.of("1", CredentialStatus.ACTIVE, "e"))
        .hasSameHashCodeAs(StoredCredential.of("1", CredentialStatus.ACTIVE, "e"))
        .isNotEqualTo(StoredCredential.of("1", CredentialStatus.REVOKED, "e"));
  }

  @Test
  void envelopeCopiedIntoAnotherRow_neverDecryptsThere() {
    // Review finding: with the context stored beside the envelope, copying both columns into
    // another row made that row decrypt the victim's credential.
    StoredCredential victim = vault.seal("7", SECRET);
    StoredCredential attackerRow = StoredCredential.of("8", CredentialStatus.ACTIVE, victim.envelope());
    AtomicInteger calls = new AtomicInteger();
    assertThat(vault.withPlaintext(attackerRow, p -> calls.incrementAndGet()).isSuccess()).isFalse();
    assertThat(calls).hasValue(0);
  }

  @Test
  void contextIsTheBindingsNotAStoredValue_checkedWithTheCipher() {
    StoredCredential stored = vault.seal("7", SECRET);
    assertThat(cipher.decrypt(stored.envelope(), CONTEXT).plaintext()).isEqualTo(SECRET);
  }
}
