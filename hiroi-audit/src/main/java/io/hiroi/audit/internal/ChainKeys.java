package io.hiroi.audit.internal;

import io.hiroi.core.SecretBytes;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.internal.Purposes;
import io.hiroi.crypto.internal.SiblingKeys;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit module's HMAC keys, per key id: the chain key, purpose {@code hiroi-audit-chain-v1}
 * (DESIGN.md, "Audit records"), and the head-checkpoint key, purpose {@code hiroi-audit-head-v1}.
 * Both are {@code HKDF-SHA256(master[kid], salt = empty, info = purpose, 32)} exactly as {@link
 * KeyRing} derives purpose keys.
 *
 * <p>The keys come from the ring's own derivation through hiroi-crypto's {@link SiblingKeys} (the
 * ring refuses to export hiroi's internal purposes to hosts); no master secret leaves the ring.
 *
 * <p>Immutable and thread-safe; {@link #mac(int)} returns a new {@link Mac} that the caller keeps
 * confined to one thread.
 */
public final class ChainKeys {
  /** The purpose of the chain key. */
  public static final String CHAIN_PURPOSE = Purposes.AUDIT_CHAIN;

  /** The purpose of the key that signs exported head checkpoints. */
  public static final String HEAD_PURPOSE = Purposes.AUDIT_HEAD;

  /** The purpose of the key that turns subject ids into lookup hashes for the subject key store. */
  public static final String LOOKUP_PURPOSE = Purposes.AUDIT_SUBJECT_LOOKUP;

  private static final String HMAC = "HmacSHA256";

  private final int primaryKeyId;
  private final Map<Integer, SecretKeySpec> chain;
  private final Map<Integer, SecretKeySpec> head;
  private final Map<Integer, SecretKeySpec> lookup;

  private ChainKeys(
      int primaryKeyId, Map<Integer, SecretKeySpec> chain, Map<Integer, SecretKeySpec> head, Map<Integer, SecretKeySpec> lookup) {
    this.primaryKeyId = primaryKeyId;
    this.chain = chain;
    this.head = head;
    this.lookup = lookup;
  }

  /**
   * Derives the keys of every key id in a ring.
   *
   * @param keyRing the ring
   * @return the keys
   */
  public static ChainKeys of(KeyRing keyRing) {
    Map<Integer, SecretKeySpec> chain = new TreeMap<>();
    Map<Integer, SecretKeySpec> head = new TreeMap<>();
    Map<Integer, SecretKeySpec> lookup = new TreeMap<>();
    for (int keyId : keyRing.keyIds()) {
      chain.put(keyId, derive(keyRing, CHAIN_PURPOSE, keyId));
      head.put(keyId, derive(keyRing, HEAD_PURPOSE, keyId));
      lookup.put(keyId, derive(keyRing, LOOKUP_PURPOSE, keyId));
    }
    return new ChainKeys(
        keyRing.primaryKeyId(),
        Collections.unmodifiableMap(chain),
        Collections.unmodifiableMap(head),
        Collections.unmodifiableMap(lookup));
  }

  static SecretKeySpec derive(KeyRing keyRing, String purpose, int keyId) {
    SecretBytes secret = SiblingKeys.purposeKey(keyRing, purpose, keyId);
    byte[] key = secret.toByteArray();
    try {
      return new SecretKeySpec(key, HMAC);
    } finally {
      Arrays.fill(key, (byte) 0);
      secret.destroy();
    }
  }

  /**
   * Returns the key id that MACs new records.
   *
   * @return the ring's primary key id
   */
  public int primaryKeyId() {
    return primaryKeyId;
  }

  /**
   * Tells whether the ring held a key id.
   *
   * @param keyId a key id
   * @return whether records MACed under it can be checked
   */
  public boolean contains(long keyId) {
    return keyId >= 0 && keyId <= Integer.MAX_VALUE && chain.containsKey((int) keyId);
  }

  /**
   * Returns a new HMAC-SHA256 under the chain key of a key id.
   *
   * @param keyId a key id the ring holds
   * @return an initialised {@link Mac}, confined to the caller's thread
   * @throws IllegalArgumentException if the ring did not hold the key id
   */
  public Mac mac(int keyId) {
    return newMac(chain, keyId);
  }

  /**
   * Returns a new HMAC-SHA256 under the head-checkpoint key of a key id.
   *
   * @param keyId a key id the ring holds
   * @return an initialised {@link Mac}, confined to the caller's thread
   * @throws IllegalArgumentException if the ring did not hold the key id
   */
  public Mac headMac(int keyId) {
    return newMac(head, keyId);
  }

  /**
   * Returns a new HMAC-SHA256 under the subject-lookup key of a key id.
   *
   * @param keyId a key id the ring holds
   * @return an initialised {@link Mac}, confined to the caller's thread
   * @throws IllegalArgumentException if the ring did not hold the key id
   */
  public Mac lookupMac(int keyId) {
    return newMac(lookup, keyId);
  }

  /**
   * Returns every key id of the ring.
   *
   * @return the key ids, ascending
   */
  public java.util.Set<Integer> keyIds() {
    return chain.keySet();
  }

  private static Mac newMac(Map<Integer, SecretKeySpec> keys, int keyId) {
    SecretKeySpec key = keys.get(keyId);
    if (key == null) {
      throw new IllegalArgumentException(Errors.unknownKeyId(keyId));
    }
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new AssertionError("HmacSHA256 with a 32-byte key is required of every Java platform", e);
    }
  }

  /** Names key ids only. */
  @Override
  public String toString() {
    return "ChainKeys[primary=" + primaryKeyId + ", keyIds=" + chain.keySet() + "]";
  }
}
