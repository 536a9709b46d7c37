package io.hiroi.audit;

import io.hiroi.audit.internal.ChainKeys;
import io.hiroi.crypto.CredentialCipher;
import io.hiroi.crypto.Decryption;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.internal.Purposes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps personal data in the audit trail without keeping the person (crypto-shredding). {@link
 * #protect(String, String, String)} encrypts a value (an email, an ip, an actor id) under a random
 * 256-bit key of its subject, giving {@code pii:v1:<ref>:<envelope>}: {@code ref} is a random
 * pseudonym of the subject, the envelope AES-256-GCM ({@link CredentialCipher}, envelope v1) bound
 * to the ref and the field name. Put that text in the event; the chain MACs the ciphertext, so
 * {@link #erase(AuditLog, String, String)}, which records an {@value #ERASED_TYPE} event and then
 * deletes the subject's key, leaves every record and the chain verifying, and the PII unreadable
 * forever (there is no other copy of the key: the store holds it wrapped under the key ring,
 * purpose {@value #WRAP_PURPOSE}, and erasure deletes that row).
 *
 * <p>The store finds a subject by {@code HMAC-SHA256(purpose key "hiroi-audit-subject-lookup-v1",
 * subject id)}, so the store alone does not name the person, and by ref. Keys are not cached: each
 * call asks the store, so an erasure takes effect at once on every replica sharing it.
 *
 * <p>Immutable and thread-safe; share one instance.
 */
public final class PiiProtector {
  /** The purpose of the key-ring key that wraps subject keys. */
  public static final String WRAP_PURPOSE = Purposes.AUDIT_SUBJECT;

  /** The event type recorded when a subject's key is destroyed. */
  public static final String ERASED_TYPE = "audit.subject.erased";

  /** The prefix of a protected value. */
  public static final String PREFIX = "pii:v1:";

  static final Pattern PROTECTED = Pattern.compile("pii:v1:([0-9a-f]{24}):([A-Za-z0-9_-]{40,4000})");
  private static final String PII_PURPOSE = Purposes.AUDIT_PII;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private final ChainKeys keys;
  private final CredentialCipher wrap;
  private final SubjectKeyStore store;

  private PiiProtector(KeyRing keyRing, SubjectKeyStore store) {
    this.keys = ChainKeys.of(keyRing);
    this.wrap = CredentialCipher.builder(keyRing).purpose(WRAP_PURPOSE).build();
    this.store = store;
  }

  /**
   * Creates a protector.
   *
   * @param keyRing wraps subject keys and keys the lookup hashes
   * @param store where subject keys live; share it between replicas
   * @return the protector
   */
  public static PiiProtector create(KeyRing keyRing, SubjectKeyStore store) {
    return new PiiProtector(Objects.requireNonNull(keyRing, "keyRing"), Objects.requireNonNull(store, "store"));
  }

  /**
   * Tells whether a text is a protected value.
   *
   * @param value any text
   * @return whether it has the {@code pii:v1:<ref>:<envelope>} form
   */
  public static boolean isProtected(String value) {
    return value != null && PROTECTED.matcher(value).matches();
  }

  private String lookup(int keyId, String subjectId) {
    return HEX.formatHex(keys.lookupMac(keyId).doFinal(subjectId.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Encrypts a value under its subject's key, creating the key on first use.
   *
   * @param subjectId the person the value is about (a user id); never stored in the clear
   * @param field what the value is ({@code email}, {@code ip}, {@code actor}); bound into the
   *     ciphertext, so a value moved to another field does not decrypt
   * @param value the personal data
   * @return {@code pii:v1:<ref>:<envelope>}, for an event field or attribute
   */
  public String protect(String subjectId, String field, String value) {
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    String lookup = lookup(keys.primaryKeyId(), subjectId);
    SubjectKeyStore.Entry entry = store.findByLookup(lookup).orElse(null);
    if (entry == null) {
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      byte[] refBytes = new byte[12]; // 96 bits: unique, and short of the redactor's 32-hex-digit rule
      RANDOM.nextBytes(refBytes);
      String ref = HEX.formatHex(refBytes);
      try {
        entry = store.putIfAbsent(lookup, new SubjectKeyStore.Entry(ref, wrap.encrypt(key, wrapContext(ref))));
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    Optional<CredentialCipher> cipher = subjectCipher(entry.ref(), entry.wrappedKey());
    if (cipher.isEmpty()) {
      throw new AuditException("the subject key of ref " + entry.ref() + " does not unwrap under this key ring");
    }
    return PREFIX + entry.ref() + ":" + cipher.get().encrypt(value.getBytes(StandardCharsets.UTF_8), piiContext(entry.ref(), field));
  }

  /**
   * Decrypts a protected value, if its subject's key still exists.
   *
   * @param protectedValue a {@code pii:v1:} value
   * @param field the field it was protected for
   * @return the value; empty if the subject was erased, the text is not a protected value, or it
   *     was moved from another field or altered
   */
  public Optional<String> reveal(String protectedValue, String field) {
    Objects.requireNonNull(field, "field");
    Matcher m = protectedValue == null ? null : PROTECTED.matcher(protectedValue);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    String ref = m.group(1);
    Optional<String> wrapped = store.findByRef(ref);
    if (wrapped.isEmpty()) {
      return Optional.empty();
    }
    Optional<CredentialCipher> cipher = subjectCipher(ref, wrapped.get());
    if (cipher.isEmpty()) {
      return Optional.empty();
    }
    try (Decryption d = cipher.get().decrypt(m.group(2), piiContext(ref, field))) {
      return d.isSuccess() ? Optional.of(new String(d.plaintext(), StandardCharsets.UTF_8)) : Optional.empty();
    }
  }

  /**
   * Erases a subject: records an {@value #ERASED_TYPE} event (naming the pseudonym as target) and
   * waits until it is durable, in either acknowledgement mode of the log ({@link AuditLog#flush()}
   * under {@link AuditLog.Acknowledge#QUEUED}), then deletes the subject's key under every key id
   * of the ring. Records stay and verify; their PII of this subject is unreadable from then on.
   *
   * @param log where the erasure is recorded
   * @param subjectId the person to erase
   * @param actor who asked (an operator, {@code system/account-deletion})
   * @return whether the subject had a key
   * @throws AuditException if the erasure event could not be recorded or made durable (then the
   *     key of that key id was not deleted)
   */
  public boolean erase(AuditLog log, String subjectId, String actor) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(actor, "actor");
    boolean found = false;
    for (int keyId : keys.keyIds()) {
      String lookup = lookup(keyId, subjectId);
      Optional<SubjectKeyStore.Entry> entry = store.findByLookup(lookup);
      if (entry.isEmpty()) {
        continue;
      }
      log.record(
          log.event(ERASED_TYPE).outcome(AuditEvent.SUCCESS).actor(actor).target("subject/" + entry.get().ref()).build());
      // Under Acknowledge.QUEUED, record returned once queued: the key goes only once the erasure
      // record is durable, so that no key is destroyed without its record in the trail.
      log.flush();
      store.delete(lookup);
      found = true;
    }
    return found;
  }

  private Optional<CredentialCipher> subjectCipher(String ref, String wrappedKey) {
    try (Decryption d = wrap.decrypt(wrappedKey, wrapContext(ref))) {
      if (!d.isSuccess()) {
        return Optional.empty();
      }
      KeyRing subjectRing = KeyRing.builder().addKey(0, d.plaintext()).primary(0).build();
      return Optional.of(CredentialCipher.builder(subjectRing).purpose(PII_PURPOSE).build());
    }
  }

  private static String wrapContext(String ref) {
    return "hiroi-audit/subject/" + ref;
  }

  private static String piiContext(String ref, String field) {
    return "hiroi-audit/pii/" + ref + "/" + field;
  }

  @Override
  public String toString() {
    return "PiiProtector[" + store + "]";
  }
}
