package io.hiroi.crypto;

import io.hiroi.core.SecretBytes;
import io.hiroi.crypto.internal.Errors;
import io.hiroi.crypto.internal.Hkdf;
import io.hiroi.crypto.internal.Json;
import io.hiroi.crypto.internal.Purposes;
import io.hiroi.crypto.internal.SiblingKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master secrets every hiroi feature derives its keys from. Each secret (at least {@value
 * #MIN_SECRET_BYTES} bytes) has a non-negative key id; one is the primary, used for all new
 * ciphertexts, tokens and MACs, while the others keep old ones readable after a rotation.
 *
 * <p>A feature never uses a master secret directly: it asks for its <em>purpose key</em>, {@code
 * HKDF-SHA256(ikm = master[kid], salt = empty, info = UTF-8(purpose), length = 32)} (RFC 5869), so
 * that no two features share a key (DESIGN.md, "Key derivation"). Purpose keys are derived once and
 * cached.
 *
 * <p>There is no built-in or default key anywhere in hiroi. Load secrets from a mounted file
 * ({@link #fromFile(Path)}), from an environment variable ({@link #fromEnvironment(String)}) or from
 * bytes ({@link #builder()}); never write them into code. The key ring JSON format is:
 *
 * <pre>{@code
 * {"primary": 1, "keys": [{"kid": 1, "secret": "<standard base64 of >= 32 bytes>"}]}
 * }</pre>
 *
 * <p>Immutable and thread-safe; share one instance. {@link #toString()} names key ids only. The
 * JVM cannot erase strings, so parsing a key ring leaves copies of its base64 text in memory until
 * they are garbage collected; master secrets live as long as the ring.
 *
 * <pre>{@code
 * KeyRing ring = KeyRing.fromFile(Path.of("/run/secrets/hiroi-keyring.json"));
 * CredentialCipher cipher = CredentialCipher.create(ring);
 * }</pre>
 */
public final class KeyRing {
  /** The shortest master secret accepted, in bytes. */
  public static final int MIN_SECRET_BYTES = 32;

  /** The size of a generated master secret and of every purpose key, in bytes. */
  public static final int KEY_BYTES = 32;

  /** The most purpose keys kept in the derivation cache before it is emptied and refilled. */
  static final int MAX_CACHED_PURPOSE_KEYS = 10_000;

  private static final int MAX_FILE_BYTES = 1 << 20;
  private static final int MAX_PURPOSE_LENGTH = 256;
  private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

  static {
    SiblingKeys.install((ring, purpose, keyId) -> ring.purposeKey(purpose, keyId));
  }

  private final TreeMap<Integer, byte[]> masters;
  private final int primaryKeyId;
  private final NavigableSet<Integer> keyIds;
  private final ConcurrentHashMap<PurposeKeyId, byte[]> purposeKeys = new ConcurrentHashMap<>();

  private KeyRing(TreeMap<Integer, byte[]> masters, int primaryKeyId) {
    this.masters = masters;
    this.primaryKeyId = primaryKeyId;
    this.keyIds = Collections.unmodifiableNavigableSet(new TreeSet<>(masters.keySet()));
  }

  /**
   * Starts an empty key ring.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a key ring JSON file, typically a mounted secret. Logs a warning (naming the file only)
   * when the file is readable by group or others on a POSIX file system.
   *
   * @param file the key ring JSON file
   * @return the key ring
   * @throws KeyRingException if the file cannot be read or breaks a rule
   */
  public static KeyRing fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] json;
    try (InputStream in = Files.newInputStream(file)) {
      json = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new KeyRingException(Errors.keyRingFileUnreadable(file.toString()), e);
    }
    if (json.length > MAX_FILE_BYTES) {
      throw new KeyRingException(Errors.keyRingJson("larger than " + MAX_FILE_BYTES + " bytes"));
    }
    warnIfShared(file);
    try {
      return fromJson(json);
    } finally {
      Arrays.fill(json, (byte) 0);
    }
  }

  /**
   * Reads a key ring from an environment variable that holds the key ring JSON in standard base64
   * (for example {@code HIROI_KEYRING=$(base64 -w0 keyring.json)}).
   *
   * @param variable the variable's name
   * @return the key ring
   * @throws KeyRingException if the variable is missing, is not base64 or breaks a rule
   */
  public static KeyRing fromEnvironment(String variable) {
    Objects.requireNonNull(variable, "variable");
    return fromEnvironmentValue(variable, System.getenv(variable));
  }

  static KeyRing fromEnvironmentValue(String variable, String value) {
    if (value == null || value.isBlank()) {
      throw new KeyRingException(Errors.keyRingEnvMissing(variable));
    }
    byte[] json;
    try {
      json = Base64.getDecoder().decode(value.strip());
    } catch (IllegalArgumentException e) {
      throw new KeyRingException(Errors.keyRingEnvNotBase64(variable));
    }
    try {
      return fromJson(json);
    } finally {
      Arrays.fill(json, (byte) 0);
    }
  }

  /**
   * Reads a key ring from its JSON form (UTF-8). Unknown members are rejected so that a misspelt
   * setting is not silently ignored.
   *
   * @param json the key ring JSON
   * @return the key ring
   * @throws KeyRingException if the JSON is invalid or breaks a rule
   */
  public static KeyRing fromJson(byte[] json) {
    Objects.requireNonNull(json, "json");
    return fromJson(json, builder());
  }

  /**
   * {@link #fromJson(byte[])} into the given builder, which is wiped afterwards, whether the ring
   * was built or not; package-private so a test can see the builder is left empty.
   */
  static KeyRing fromJson(byte[] json, Builder builder) {
    Map<String, Object> root;
    try {
      root = Json.parseObject(new String(json, StandardCharsets.UTF_8));
    } catch (Json.MalformedJsonException e) {
      throw new KeyRingException(Errors.keyRingJson(e.getMessage()));
    }
    for (String name : root.keySet()) {
      if (!name.equals("primary") && !name.equals("keys")) {
        throw new KeyRingException(Errors.keyRingJson("unknown member (only primary and keys)"));
      }
    }
    if (!(root.get("keys") instanceof List)) {
      throw new KeyRingException(Errors.keyRingJson("\"keys\" must be an array"));
    }
    try {
      for (Object entry : (List<?>) root.get("keys")) {
        if (!(entry instanceof Map)) {
          throw new KeyRingException(Errors.keyRingJson("each key must be an object"));
        }
        Map<?, ?> key = (Map<?, ?>) entry;
        if (key.size() != 2 || !(key.get("kid") instanceof Long) || !(key.get("secret") instanceof String)) {
          throw new KeyRingException(
              Errors.keyRingJson("each key must be {\"kid\": <integer>, \"secret\": <base64>}"));
        }
        long kid = (Long) key.get("kid");
        checkKeyId(kid);
        byte[] secret;
        try {
          secret = Base64.getDecoder().decode((String) key.get("secret"));
        } catch (IllegalArgumentException e) {
          throw new KeyRingException(Errors.keyRingJson("secret of key id " + kid + " is not base64"));
        }
        try {
          builder.addKey((int) kid, secret);
        } finally {
          Arrays.fill(secret, (byte) 0);
        }
      }
      if (!(root.get("primary") instanceof Long)) {
        throw new KeyRingException(Errors.keyRingJson("\"primary\" must be an integer key id"));
      }
      long primary = (Long) root.get("primary");
      checkKeyId(primary);
      builder.primary((int) primary);
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new KeyRingException(e.getMessage(), e);
    } finally {
      // The ring holds its own copies; the throwaway builder's must not wait for the collector.
      builder.clear();
    }
  }

  /**
   * Returns the key id used for everything new.
   *
   * @return the primary key id
   */
  public int primaryKeyId() {
    return primaryKeyId;
  }

  /**
   * Returns every key id in the ring, ascending.
   *
   * @return an unmodifiable set of key ids
   */
  public Set<Integer> keyIds() {
    return keyIds;
  }

  /**
   * Tells whether the ring holds a key id.
   *
   * @param keyId a key id
   * @return {@code true} if the ring holds it
   */
  public boolean contains(int keyId) {
    return masters.containsKey(keyId);
  }

  /**
   * Exports the 32-byte purpose key of {@code purpose} under {@code keyId}, to hand a secret to
   * another system on purpose: a widget's signing secret ({@code hiroi-widget-session-v1:<id>}) for
   * the host's backend, or a key of a purpose the host defines itself (not starting with {@code
   * hiroi-}). hiroi's internal keys (credentials, TOTP, API-key hashes, audit chain, OAuth state,
   * service tokens) are refused: they never need to leave the library.
   *
   * @param purpose the purpose string, 1 to 256 printable ASCII characters without spaces
   * @param keyId a key id in this ring
   * @return a copy of the purpose key; the caller should destroy it when done
   * @throws IllegalArgumentException if the purpose is invalid or internal, or the key id is not
   *     in the ring
   */
  public SecretBytes exportPurposeKey(String purpose, int keyId) {
    checkPurpose(purpose);
    if (!Purposes.isExportable(purpose)) {
      throw new IllegalArgumentException(Errors.purposeNotExportable(purpose));
    }
    return deriveKey(purpose, keyId);
  }

  /** Any purpose key, as a copy; for this package and its tests. */
  SecretBytes deriveKey(String purpose, int keyId) {
    return SecretBytes.copyOf(purposeKey(purpose, keyId));
  }

  /**
   * Returns a builder holding this ring's keys and primary, for a rotation. The builder holds its
   * own copies of the master secrets until it is garbage-collected (it stays usable after {@link
   * Builder#build()}), so drop it once the new ring is built.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    masters.forEach((kid, secret) -> builder.keys.put(kid, secret.clone()));
    builder.primary = primaryKeyId;
    return builder;
  }

  /**
   * Writes this ring in its JSON form, <strong>secrets included</strong>. Write the result only to
   * a file that only the service can read, and never log it.
   *
   * @return the key ring JSON in UTF-8, keys in ascending id order
   */
  public byte[] exportJson() {
    StringBuilder out = new StringBuilder("{\"primary\": ").append(primaryKeyId).append(", \"keys\": [");
    String separator = "";
    for (Map.Entry<Integer, byte[]> e : masters.entrySet()) {
      out.append(separator)
          .append("{\"kid\": ")
          .append(e.getKey())
          .append(", \"secret\": \"")
          .append(Base64.getEncoder().encodeToString(e.getValue()))
          .append("\"}");
      separator = ", ";
    }
    return out.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the primary and the key ids; never key material. */
  @Override
  public String toString() {
    return "KeyRing[primary=" + primaryKeyId + ", keyIds=" + keyIds + "]";
  }

  /** The cached purpose key. Callers in this package must not modify or leak the array. */
  byte[] purposeKey(String purpose, int keyId) {
    PurposeKeyId id = new PurposeKeyId(purpose, keyId);
    byte[] key = purposeKeys.get(id);
    if (key != null) {
      return key;
    }
    checkPurpose(purpose);
    byte[] master = masters.get(keyId);
    if (master == null) {
      throw new IllegalArgumentException(Errors.unknownKeyId(keyId));
    }
    key = Hkdf.sha256(master, new byte[0], purpose.getBytes(StandardCharsets.US_ASCII), KEY_BYTES);
    if (purposeKeys.size() >= MAX_CACHED_PURPOSE_KEYS) {
      purposeKeys.clear();
    }
    byte[] raced = purposeKeys.putIfAbsent(id, key);
    return raced != null ? raced : key;
  }

  int cachedPurposeKeyCount() {
    return purposeKeys.size();
  }

  static void checkPurpose(String purpose) {
    Objects.requireNonNull(purpose, "purpose");
    if (purpose.isEmpty() || purpose.length() > MAX_PURPOSE_LENGTH) {
      throw new IllegalArgumentException(Errors.purposeInvalid(purpose.length()));
    }
    for (int i = 0; i < purpose.length(); i++) {
      char c = purpose.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(Errors.purposeInvalid(purpose.length()));
      }
    }
  }

  private static void checkKeyId(long keyId) {
    if (keyId < 0 || keyId > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(Errors.keyIdRange(keyId));
    }
  }

  private static void warnIfShared(Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = view.readAttributes().permissions();
      if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn("key ring file {} is readable by group or others; restrict it to the service (chmod 600)", file);
      }
    } catch (IOException e) {
      LOG.debug("cannot read permissions of key ring file {}", file, e);
    }
  }

  private static final class PurposeKeyId {
    private final String purpose;
    private final int keyId;

    PurposeKeyId(String purpose, int keyId) {
      this.purpose = purpose;
      this.keyId = keyId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PurposeKeyId
          && ((PurposeKeyId) o).keyId == keyId
          && ((PurposeKeyId) o).purpose.equals(purpose);
    }

    @Override
    public int hashCode() {
      return purpose.hashCode() * 31 + keyId;
    }
  }

  /**
   * Collects master secrets and the primary key id. Each secret is copied in and checked at once;
   * the builder keeps its copies (the ring it builds has its own) until it is garbage-collected.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TreeMap<Integer, byte[]> keys = new TreeMap<>();
    private Integer primary;
    private boolean primarySet;

    private Builder() {}

    /**
     * Adds a master secret.
     *
     * @param keyId the key id, 0 to {@link Integer#MAX_VALUE}
     * @param secret at least {@value KeyRing#MIN_SECRET_BYTES} bytes; copied
     * @return this builder
     * @throws IllegalArgumentException if the id is negative, already present, or the secret is
     *     too short
     */
    public Builder addKey(int keyId, byte[] secret) {
      Objects.requireNonNull(secret, "secret");
      checkKeyId(keyId);
      if (secret.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException(Errors.keyTooShort(keyId, secret.length));
      }
      if (keys.containsKey(keyId)) {
        throw new IllegalArgumentException(Errors.duplicateKeyId(keyId));
      }
      keys.put(keyId, secret.clone());
      return this;
    }

    /**
     * Adds a master secret held in a {@link SecretBytes}.
     *
     * @param keyId the key id, 0 to {@link Integer#MAX_VALUE}
     * @param secret at least {@value KeyRing#MIN_SECRET_BYTES} bytes; copied
     * @return this builder
     * @throws IllegalArgumentException if the id is negative, already present, or the secret is
     *     too short
     */
    public Builder addKey(int keyId, SecretBytes secret) {
      byte[] bytes = Objects.requireNonNull(secret, "secret").toByteArray();
      try {
        return addKey(keyId, bytes);
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }

    /**
     * Adds a fresh {@value KeyRing#KEY_BYTES}-byte master secret drawn from {@link SecureRandom}.
     *
     * @param keyId the key id, 0 to {@link Integer#MAX_VALUE}
     * @return this builder
     * @throws IllegalArgumentException if the id is negative or already present
     */
    public Builder addGeneratedKey(int keyId) {
      byte[] secret = new byte[KEY_BYTES];
      RANDOM.nextBytes(secret);
      try {
        return addKey(keyId, secret);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }

    /**
     * Sets the primary key id. It may be set once per builder (a builder from {@link
     * KeyRing#toBuilder()} may set it once more, to rotate).
     *
     * @param keyId a key id that the built ring will hold
     * @return this builder
     * @throws IllegalArgumentException if the id is negative
     * @throws IllegalStateException if the primary was already set on this builder
     */
    public Builder primary(int keyId) {
      checkKeyId(keyId);
      if (primarySet) {
        throw new IllegalStateException("primary key id was already set");
      }
      primarySet = true;
      primary = keyId;
      return this;
    }

    /**
     * Returns the highest key id added so far plus one, a convenient id for a new key.
     *
     * @return the next free key id (1 for an empty builder)
     * @throws IllegalStateException if the highest id is already {@link Integer#MAX_VALUE}
     */
    public int nextKeyId() {
      if (keys.isEmpty()) {
        return 1;
      }
      int last = keys.lastKey();
      if (last == Integer.MAX_VALUE) {
        throw new IllegalStateException(Errors.keyIdRange(last + 1L));
      }
      return last + 1;
    }

    /**
     * Builds the key ring.
     *
     * @return an immutable key ring
     * @throws IllegalArgumentException if no key was added, no primary was set, or the primary is
     *     not among the keys
     */
    public KeyRing build() {
      if (keys.isEmpty()) {
        throw new IllegalArgumentException(Errors.keyRingEmpty());
      }
      if (primary == null) {
        throw new IllegalArgumentException(Errors.primaryNotSet());
      }
      if (!keys.containsKey(primary)) {
        throw new IllegalArgumentException(Errors.primaryMissing(primary));
      }
      TreeMap<Integer, byte[]> copy = new TreeMap<>();
      keys.forEach((kid, secret) -> copy.put(kid, secret.clone()));
      return new KeyRing(copy, primary);
    }

    /** Zeroes every secret held here and forgets the keys and the primary. */
    void clear() {
      keys.values().forEach(secret -> Arrays.fill(secret, (byte) 0));
      keys.clear();
      primary = null;
      primarySet = false;
    }

    /** Returns the key ids and primary so far; never key material. */
    @Override
    public String toString() {
      return "KeyRing.Builder[primary=" + primary + ", keyIds=" + new ArrayList<>(keys.keySet()) + "]";
    }
  }
}
