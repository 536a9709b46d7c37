package io.hiroi.crypto;

import io.hiroi.core.ConstantTime;
import io.hiroi.crypto.internal.Errors;
import io.hiroi.crypto.internal.Purposes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks API keys in hiroi's format (DESIGN.md, "API keys"):
 *
 * <pre>
 * &lt;prefix&gt;_&lt;43 base62 chars: 256 random bits&gt;&lt;6 base62 chars: CRC32 of everything before them&gt;
 * </pre>
 *
 * <p>The base62 alphabet is {@code 0-9A-Za-z} (ASCII order); numbers are written big-endian and
 * left-padded with {@code 0}. The CRC32 covers the ASCII bytes of {@code <prefix>_<43 chars>}. It
 * lets secret scanners recognise a key and lets the server reject a typo without a lookup; it is
 * not a security check.
 *
 * <p>Only a hash of a key is stored: {@code HMAC-SHA256(purpose key "hiroi-apikey-v1" of kid,
 * ASCII key)}, written {@code <kid>:<64 lower-case hex digits>}. A copy of the database alone
 * cannot confirm a guessed key. After a key ring rotation, {@link #lookupHashes(ApiKey)} gives the
 * hash under every key id so older rows are still found; {@link #verify} compares in constant
 * time.
 *
 * <p>Immutable and thread-safe; share one instance per prefix.
 *
 * <pre>{@code
 * ApiKeys apiKeys = ApiKeys.create(keyRing, "hk_live");
 * ApiKey key = apiKeys.generate();
 * showOnce(key.reveal());
 * repository.save(widgetId, apiKeys.hash(key));
 * // on a request:
 * ApiKeyCheck check = apiKeys.parse(header);
 * if (check.isValid()) { ... repository.findByHash(apiKeys.lookupHashes(check.key())) ... }
 * }</pre>
 */
public final class ApiKeys {
  /** The purpose of the key that MACs stored API key hashes. */
  public static final String PURPOSE = Purposes.API_KEY;

  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  static final int BODY_CHARS = 43;
  static final int CHECKSUM_CHARS = 6;
  private static final int MAX_PREFIX_LENGTH = 24;
  private static final Pattern STORED_HASH = Pattern.compile("(0|[1-9][0-9]{0,9}):[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String prefix;
  private final int primaryKeyId;
  private final Map<Integer, SecretKeySpec> macKeys;
  private final List<Integer> lookupOrder;

  private ApiKeys(KeyRing keyRing, String prefix) {
    this.prefix = prefix;
    this.primaryKeyId = keyRing.primaryKeyId();
    Map<Integer, SecretKeySpec> keys = new HashMap<>();
    for (int kid : keyRing.keyIds()) {
      keys.put(kid, new SecretKeySpec(keyRing.purposeKey(PURPOSE, kid), "HmacSHA256"));
    }
    this.macKeys = Map.copyOf(keys);
    List<Integer> order = new ArrayList<>();
    order.add(primaryKeyId);
    for (int kid : keyRing.keyIds()) {
      if (kid != primaryKeyId) {
        order.add(kid);
      }
    }
    this.lookupOrder = List.copyOf(order);
  }

  /**
   * Creates the key issuer for one prefix.
   *
   * @param keyRing the key ring whose {@value #PURPOSE} keys MAC the stored hashes
   * @param prefix lower-case ASCII letters and digits, words joined by {@code _} (for example
   *     {@code hk_live}), starting with a letter, at most 24 characters
   * @return a new instance
   * @throws IllegalArgumentException if the prefix is not of that form
   */
  public static ApiKeys create(KeyRing keyRing, String prefix) {
    Objects.requireNonNull(keyRing, "keyRing");
    checkPrefix(prefix);
    return new ApiKeys(keyRing, prefix);
  }

  /**
   * Tells whether {@code candidate} has the API key format and a matching checksum, whatever its
   * prefix. Needs no key ring: secret scanners and {@code hiroi apikey check} use it.
   *
   * @param candidate any text
   * @return {@code true} if it is a well-formed key with a valid checksum
   */
  public static boolean isWellFormed(String candidate) {
    return candidate != null && check(candidate, null).isValid();
  }

  /**
   * Generates a new key from 256 bits of {@link SecureRandom}.
   *
   * @return the new key; show it to its owner once and store only {@link #hash(ApiKey)}
   */
  public ApiKey generate() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    StringBuilder key = new StringBuilder(prefix.length() + 1 + BODY_CHARS + CHECKSUM_CHARS);
    key.append(prefix).append('_');
    key.append(base62(random, BODY_CHARS));
    java.util.Arrays.fill(random, (byte) 0);
    key.append(checksum(key));
    return new ApiKey(key.toString(), prefix);
  }

  /**
   * Checks the format, checksum and prefix of a presented key, without any lookup.
   *
   * @param candidate the presented text (for example from an {@code Authorization} header)
   * @return the key, or why it is not one
   */
  public ApiKeyCheck parse(String candidate) {
    Objects.requireNonNull(candidate, "candidate");
    return check(candidate, prefix);
  }

  /**
   * Computes the hash to store for a key, under the primary key id.
   *
   * @param key the key
   * @return {@code <kid>:<64 lower-case hex digits>}
   */
  public String hash(ApiKey key) {
    return hash(key, primaryKeyId);
  }

  /**
   * Computes the key's hash under every key id of the ring, primary first, to look a presented key
   * up after a rotation ({@code WHERE key_hash IN (...)}).
   *
   * @param key the key
   * @return one stored-hash string per key id
   */
  public List<String> lookupHashes(ApiKey key) {
    List<String> hashes = new ArrayList<>(lookupOrder.size());
    for (int kid : lookupOrder) {
      hashes.add(hash(key, kid));
    }
    return hashes;
  }

  /**
   * Tells, in constant time, whether {@code key} is the key whose hash is {@code storedHash}.
   *
   * @param key the presented key
   * @param storedHash a hash from {@link #hash(ApiKey)}
   * @return {@code true} if they match; {@code false} also when the stored hash names a key id no
   *     longer in the ring
   * @throws IllegalArgumentException if {@code storedHash} is not of the stored-hash form
   */
  public boolean verify(ApiKey key, String storedHash) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(storedHash, "storedHash");
    if (!STORED_HASH.matcher(storedHash).matches()) {
      throw new IllegalArgumentException(Errors.storedApiKeyHash());
    }
    long kid = Long.parseLong(storedHash.substring(0, storedHash.indexOf(':')));
    if (kid > Integer.MAX_VALUE || !macKeys.containsKey((int) kid)) {
      return false;
    }
    return ConstantTime.equals(hash(key, (int) kid), storedHash);
  }

  /** Names the prefix; never a key. */
  @Override
  public String toString() {
    return "ApiKeys[prefix=" + prefix + "]";
  }

  private String hash(ApiKey key, int kid) {
    Objects.requireNonNull(key, "key");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(macKeys.get(kid));
      byte[] tag = mac.doFinal(key.reveal().getBytes(StandardCharsets.US_ASCII));
      return kid + ":" + HexFormat.of().formatHex(tag);
    } catch (GeneralSecurityException e) {
      throw new AssertionError("HmacSHA256 is required of every Java platform", e);
    }
  }

  private static ApiKeyCheck check(String candidate, String expectedPrefix) {
    int underscore = candidate.lastIndexOf('_');
    int tail = BODY_CHARS + CHECKSUM_CHARS;
    if (underscore < 1 || candidate.length() - underscore - 1 != tail || underscore > MAX_PREFIX_LENGTH) {
      return ApiKeyCheck.failed(ApiKeyCheck.Failure.MALFORMED);
    }
    String prefix = candidate.substring(0, underscore);
    if (!isPrefix(prefix)) {
      return ApiKeyCheck.failed(ApiKeyCheck.Failure.MALFORMED);
    }
    for (int i = underscore + 1; i < candidate.length(); i++) {
      if (ALPHABET.indexOf(candidate.charAt(i)) < 0) {
        return ApiKeyCheck.failed(ApiKeyCheck.Failure.MALFORMED);
      }
    }
    String body = candidate.substring(underscore + 1, underscore + 1 + BODY_CHARS);
    if (!fitsIn256Bits(body)) {
      return ApiKeyCheck.failed(ApiKeyCheck.Failure.MALFORMED);
    }
    String expected = checksum(candidate.substring(0, underscore + 1 + BODY_CHARS));
    if (!ConstantTime.equals(expected, candidate.substring(candidate.length() - CHECKSUM_CHARS))) {
      return ApiKeyCheck.failed(ApiKeyCheck.Failure.BAD_CHECKSUM);
    }
    if (expectedPrefix != null && !expectedPrefix.equals(prefix)) {
      return ApiKeyCheck.failed(ApiKeyCheck.Failure.WRONG_PREFIX);
    }
    return ApiKeyCheck.ok(new ApiKey(candidate, prefix));
  }

  static String checksum(CharSequence keyWithoutChecksum) {
    CRC32 crc = new CRC32();
    crc.update(keyWithoutChecksum.toString().getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    return base62(bytes, CHECKSUM_CHARS);
  }

  /** Writes an unsigned big-endian number in base62, left-padded with '0' to {@code width}. */
  static String base62(byte[] unsignedBigEndian, int width) {
    int[] digits = new int[unsignedBigEndian.length];
    for (int i = 0; i < digits.length; i++) {
      digits[i] = unsignedBigEndian[i] & 0xff;
    }
    char[] out = new char[width];
    for (int pos = width - 1; pos >= 0; pos--) {
      int remainder = 0;
      for (int i = 0; i < digits.length; i++) {
        int acc = (remainder << 8) | digits[i];
        digits[i] = acc / 62;
        remainder = acc % 62;
      }
      out[pos] = ALPHABET.charAt(remainder);
    }
    for (int d : digits) {
      if (d != 0) {
        throw new AssertionError("value does not fit in " + width + " base62 digits");
      }
    }
    return new String(out);
  }

  /** Tells whether a 43-digit base62 number is below 2^256 (62^43 is a little above it). */
  private static boolean fitsIn256Bits(String body) {
    java.math.BigInteger value = java.math.BigInteger.ZERO;
    java.math.BigInteger base = java.math.BigInteger.valueOf(62);
    for (int i = 0; i < body.length(); i++) {
      value = value.multiply(base).add(java.math.BigInteger.valueOf(ALPHABET.indexOf(body.charAt(i))));
    }
    return value.bitLength() <= 256;
  }

  /** {@code [a-z][a-z0-9]*(_[a-z0-9]+)*}, at most 24 characters, checked in one pass. */
  private static boolean isPrefix(String prefix) {
    if (prefix.isEmpty() || prefix.length() > MAX_PREFIX_LENGTH) {
      return false;
    }
    char first = prefix.charAt(0);
    if (first < 'a' || first > 'z' || prefix.charAt(prefix.length() - 1) == '_') {
      return false;
    }
    for (int i = 1; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alnum && !(c == '_' && prefix.charAt(i - 1) != '_')) {
        return false;
      }
    }
    return true;
  }

  private static void checkPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!isPrefix(prefix)) {
      throw new IllegalArgumentException(Errors.apiKeyPrefix(prefix.length()));
    }
  }
}
