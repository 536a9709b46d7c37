package io.hiroi.benchmarks.envelope;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * Google Tink's {@link Aead} for a keyset of one {@link PredefinedAeadParameters#AES256_GCM} key
 * (the TINK output-prefix variant: {@code 0x01 || key id}, then a 12-byte random IV, the
 * ciphertext and a 16-byte tag). The key is imported with the same bytes and id the other
 * implementations use instead of {@code KeysetHandle.generateNew(AES256_GCM)}, which would make the
 * same kind of key with random bytes and id; the cost per call is the same, and the outputs become
 * interchangeable. The primitive comes from the non-deprecated {@code getPrimitive(Configuration,
 * Class)}. {@code tinkWiped} overwrites each plaintext with zeros once the reader has read it, as
 * hiroi's {@code Decryption.close()} does, so that the two can be compared for the same work.
 */
final class TinkEnvelope implements EnvelopeCipher {
  private final Aead aead;
  private final byte[] aad;
  private final boolean wipe;

  TinkEnvelope(byte[] key, int keyId, byte[] aad, boolean wipe) {
    try {
      AeadConfig.register();
      AesGcmKey aesGcmKey =
          AesGcmKey.builder()
              .setParameters(PredefinedAeadParameters.AES256_GCM)
              .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
              .setIdRequirement(keyId)
              .build();
      KeysetHandle handle = KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(aesGcmKey).makePrimary()).build();
      this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the Tink AEAD", e);
    }
    this.aad = aad.clone();
    this.wipe = wipe;
  }

  @Override
  public byte[] encrypt(byte[] plaintext) {
    try {
      return aead.encrypt(plaintext, aad);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink encryption failed", e);
    }
  }

  @Override
  public int decrypt(byte[] envelope, ToIntFunction<byte[]> reader) {
    byte[] plaintext;
    try {
      plaintext = aead.decrypt(envelope, aad);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink envelope did not decrypt", e);
    }
    if (!wipe) {
      return reader.applyAsInt(plaintext);
    }
    try {
      return reader.applyAsInt(plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }
}
