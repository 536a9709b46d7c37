package io.hiroi.audit;

import java.util.Optional;

/**
 * Where {@link PiiProtector} keeps per-subject keys: rows of (lookup, ref, wrapped key). The
 * lookup is an HMAC of the subject id (the store alone cannot name the person), the ref a random
 * pseudonym that audit records carry, and the wrapped key the subject's 256-bit key encrypted
 * under the key ring ({@code CredentialCipher}, purpose {@value PiiProtector#WRAP_PURPOSE}).
 * Deleting a row is the erasure: without the key, the subject's PII in every record is
 * unreadable, while the records and their chain stay as they were.
 *
 * <p>Implementations must be thread-safe; {@link #putIfAbsent} must be atomic across replicas
 * (a unique constraint, a compare-and-set).
 */
public interface SubjectKeyStore {
  /** A stored subject key: its pseudonym and its wrapped key. Immutable. */
  final class Entry {
    private final String ref;
    private final String wrappedKey;

    /**
     * Makes an entry.
     *
     * @param ref the pseudonym, 24 lower-case hex digits
     * @param wrappedKey the key's envelope text
     */
    public Entry(String ref, String wrappedKey) {
      this.ref = java.util.Objects.requireNonNull(ref, "ref");
      this.wrappedKey = java.util.Objects.requireNonNull(wrappedKey, "wrappedKey");
    }

    /**
     * Returns the pseudonym.
     *
     * @return 24 lower-case hex digits
     */
    public String ref() {
      return ref;
    }

    /**
     * Returns the wrapped key.
     *
     * @return the envelope text (ciphertext only)
     */
    public String wrappedKey() {
      return wrappedKey;
    }

    /** Names the ref only. */
    @Override
    public String toString() {
      return "Entry[ref=" + ref + "]";
    }
  }

  /**
   * Finds a subject's entry by its lookup hash.
   *
   * @param lookup the HMAC of the subject id
   * @return the entry, if the subject has a key
   */
  Optional<Entry> findByLookup(String lookup);

  /**
   * Finds a wrapped key by its pseudonym.
   *
   * @param ref the pseudonym
   * @return the wrapped key, if not erased
   */
  Optional<String> findByRef(String ref);

  /**
   * Stores an entry unless the subject has one.
   *
   * @param lookup the HMAC of the subject id
   * @param entry the new entry
   * @return the entry now stored for the subject: {@code entry}, or the one that was there
   */
  Entry putIfAbsent(String lookup, Entry entry);

  /**
   * Deletes a subject's entry (erasure).
   *
   * @param lookup the HMAC of the subject id
   * @return the erased entry's pseudonym, if there was one
   */
  Optional<String> delete(String lookup);

  /**
   * An in-memory store, for one JVM and tests: keys vanish with the process, so use a shared store
   * (a database table) when records outlive it.
   *
   * @return a new, empty, thread-safe store
   */
  static SubjectKeyStore inMemory() {
    return new InMemorySubjectKeyStore();
  }
}
