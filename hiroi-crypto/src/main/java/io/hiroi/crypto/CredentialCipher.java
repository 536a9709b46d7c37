package io.hiroi.crypto;

import io.hiroi.crypto.internal.AesGcm;
import io.hiroi.crypto.internal.Errors;
import io.hiroi.crypto.internal.IvSource;
import io.hiroi.crypto.internal.PasswordBytes;
import io.hiroi.crypto.internal.StrictBase64Url;
import io.hiroi.crypto.internal.Purposes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * Encrypts credentials (OAuth tokens, third-party API keys, TOTP secrets) at rest with AES-256-GCM
 * under a per-purpose HKDF key, in hiroi's envelope v1 (DESIGN.md, "Credential envelope v1"):
 *
 * <pre>
 * 0x01 || kid (4 bytes, big-endian) || iv (12 random bytes) || ciphertext || tag (16 bytes)
 * </pre>
 *
 * <p>The key is the purpose key ({@value #DEFAULT_PURPOSE} unless configured) of the key id in the
 * envelope, and the associated data is the first five bytes followed by the UTF-8 context, the
 * caller's binding such as {@code tenant/42/credential/7/linkedin}. So:
 *
 * <ul>
 *   <li>an envelope moved to another record (another context) fails to decrypt;
 *   <li>an envelope of another purpose or another key ring fails to decrypt;
 *   <li>any changed, missing or extra byte fails to decrypt, and no plaintext is released;
 *   <li>envelopes written before a key rotation keep decrypting while their key id stays in the
 *       ring, and {@link #rewrap} moves them to the primary key.
 * </ul>
 *
 * <p>Every failure is a {@link Decryption} value with a {@link DecryptFailure} reason for logs,
 * never an exception. The IV is drawn from {@link SecureRandom} for every encryption; there is no
 * way to supply one. The text form is base64url without padding, decoded strictly.
 *
 * <p>Immutable and thread-safe; share one instance per purpose.
 *
 * <pre>{@code
 * CredentialCipher cipher = CredentialCipher.create(keyRing);
 * String stored = cipher.encrypt(oauthToken, "tenant/42/credential/7/linkedin");
 * try (Decryption d = cipher.decrypt(stored, "tenant/42/credential/7/linkedin")) {
 *   if (d.isSuccess()) {
 *     callLinkedIn(d.plaintext());
 *   }
 * }
 * }</pre>
 */
public final class CredentialCipher {
  /** The purpose whose key encrypts credentials unless another is configured. */
  public static final String DEFAULT_PURPOSE = Purposes.CREDENTIAL;

  /** The largest plaintext accepted unless configured otherwise: 64 KiB. */
  public static final int DEFAULT_MAX_PLAINTEXT_BYTES = 64 * 1024;

  static final byte VERSION = 0x01;
  static final int HEADER_BYTES = 5;
  static final int OVERHEAD = HEADER_BYTES + AesGcm.IV_BYTES + AesGcm.TAG_BYTES;
  private static final int MAX_CONTEXT_LENGTH = 1024;
  private static final int MAX_PLAINTEXT_LIMIT = 1 << 26;
  private static final IvSource IVS = new IvSource(new SecureRandom());

  private final KeyRing keyRing;
  private final String purpose;
  private final int maxPlaintextBytes;
  private final Map<Integer, AesGcm> keys;
  private final int primaryKeyId;
  private final AesGcm primary;

  private CredentialCipher(Builder builder) {
    this.keyRing = builder.keyRing;
    this.purpose = builder.purpose == null ? DEFAULT_PURPOSE : builder.purpose;
    this.maxPlaintextBytes = builder.maxPlaintextBytes;
    Map<Integer, AesGcm> derived = new HashMap<>();
    for (int kid : keyRing.keyIds()) {
      derived.put(kid, new AesGcm(keyRing.purposeKey(purpose, kid)));
    }
    this.keys = Map.copyOf(derived);
    this.primaryKeyId = keyRing.primaryKeyId();
    this.primary = keys.get(primaryKeyId);
  }

  /**
   * Creates a cipher for the default purpose {@value #DEFAULT_PURPOSE}.
   *
   * @param keyRing the key ring
   * @return a new cipher
   */
  public static CredentialCipher create(KeyRing keyRing) {
    return builder(keyRing).build();
  }

  /**
   * Starts a builder for a cipher over {@code keyRing}.
   *
   * @param keyRing the key ring
   * @return a new builder
   */
  public static Builder builder(KeyRing keyRing) {
    return new Builder(keyRing);
  }

  /**
   * Encrypts {@code plaintext} under the primary key, bound to {@code context}.
   *
   * @param plaintext the credential; at most the configured maximum
   * @param context the record binding, 1 to 1024 characters of well-formed UTF-16
   * @return the envelope v1 as bytes
   * @throws IllegalArgumentException if the plaintext is too large or the context is empty or too
   *     long
   */
  public byte[] encryptToBytes(byte[] plaintext, String context) {
    Objects.requireNonNull(plaintext, "plaintext");
    checkContext(context);
    if (plaintext.length > maxPlaintextBytes) {
      throw new IllegalArgumentException(Errors.plaintextTooLarge(maxPlaintextBytes, plaintext.length));
    }
    byte[] out = new byte[OVERHEAD + plaintext.length];
    out[0] = VERSION;
    out[1] = (byte) (primaryKeyId >>> 24);
    out[2] = (byte) (primaryKeyId >>> 16);
    out[3] = (byte) (primaryKeyId >>> 8);
    out[4] = (byte) primaryKeyId;
    IVS.next(out, HEADER_BYTES);
    AesGcm.Scratch scratch = AesGcm.scratch();
    int aadLength = associatedData(out, context, scratch);
    primary.seal(scratch, out, HEADER_BYTES, aadLength, plaintext, out, HEADER_BYTES + AesGcm.IV_BYTES);
    return out;
  }

  /**
   * Encrypts {@code plaintext} under the primary key, bound to {@code context}, in text form.
   *
   * @param plaintext the credential; at most the configured maximum
   * @param context the record binding, 1 to 1024 characters
   * @return the envelope v1 as base64url without padding
   * @throws IllegalArgumentException if the plaintext is too large or the context is empty or too
   *     long
   */
  public String encrypt(byte[] plaintext, String context) {
    return StrictBase64Url.encode(encryptToBytes(plaintext, context));
  }

  /**
   * Decrypts an envelope in text form.
   *
   * @param envelope base64url without padding, as {@link #encrypt} writes it
   * @param context the record binding it was encrypted with
   * @return the plaintext or the reason it failed
   * @throws IllegalArgumentException if the context is empty or too long
   */
  public Decryption decrypt(String envelope, String context) {
    Objects.requireNonNull(envelope, "envelope");
    checkContext(context);
    if (envelope.length() > maxEnvelopeTextLength()) {
      return Decryption.failed(DecryptFailure.MALFORMED);
    }
    byte[] bytes = StrictBase64Url.decode(envelope);
    if (bytes == null) {
      return Decryption.failed(DecryptFailure.MALFORMED);
    }
    return open(bytes, context);
  }

  /**
   * Decrypts an envelope in binary form.
   *
   * @param envelope the envelope bytes, as {@link #encryptToBytes} writes them
   * @param context the record binding it was encrypted with
   * @return the plaintext or the reason it failed
   * @throws IllegalArgumentException if the context is empty or too long
   */
  public Decryption decrypt(byte[] envelope, String context) {
    Objects.requireNonNull(envelope, "envelope");
    checkContext(context);
    return open(envelope, context);
  }

  /**
   * Re-encrypts an envelope under the primary key (after a rotation), keeping its context. An
   * envelope already under the primary key is re-encrypted too, with a fresh IV.
   *
   * @param envelope base64url without padding
   * @param context the record binding it was encrypted with
   * @return the new envelope in text form, or the reason the old one did not decrypt
   * @throws IllegalArgumentException if the context is empty or too long
   */
  public Rewrap rewrap(String envelope, String context) {
    try (Decryption d = decrypt(envelope, context)) {
      if (!d.isSuccess()) {
        return Rewrap.failed(d.failure().orElseThrow());
      }
      return Rewrap.success(encrypt(d.plaintext(), context));
    }
  }

  /**
   * Tells whether a well-formed envelope was written under a key id other than the primary, that
   * is, whether {@link #rewrap} would move it. Malformed input answers {@code false}; this reads
   * the header only and proves nothing about authenticity.
   *
   * @param envelope base64url without padding
   * @return {@code true} if the envelope's key id is not the primary
   */
  public boolean needsRewrap(String envelope) {
    Objects.requireNonNull(envelope, "envelope");
    if (envelope.length() > maxEnvelopeTextLength()) {
      return false;
    }
    byte[] bytes = StrictBase64Url.decode(envelope);
    return bytes != null && bytes.length >= OVERHEAD && bytes[0] == VERSION && keyId(bytes) != primaryKeyId;
  }

  /**
   * Returns the purpose whose key this cipher uses.
   *
   * @return the purpose string
   */
  public String purpose() {
    return purpose;
  }

  /** Names the purpose and the key ring's ids; never key material. */
  @Override
  public String toString() {
    return "CredentialCipher[purpose=" + purpose + ", " + keyRing + "]";
  }

  private Decryption open(byte[] envelope, String context) {
    if (envelope.length < OVERHEAD || envelope.length > (long) maxPlaintextBytes + OVERHEAD) {
      return Decryption.failed(DecryptFailure.MALFORMED);
    }
    if (envelope[0] != VERSION) {
      return Decryption.failed(DecryptFailure.UNSUPPORTED_VERSION);
    }
    int keyId = keyId(envelope);
    AesGcm key = keyId == primaryKeyId ? primary : keys.get(keyId);
    if (key == null) {
      return Decryption.failed(DecryptFailure.UNKNOWN_KEY);
    }
    AesGcm.Scratch scratch = AesGcm.scratch();
    int aadLength = associatedData(envelope, context, scratch);
    try {
      byte[] plaintext =
          key.open(
              scratch, envelope, HEADER_BYTES, aadLength, envelope,
              HEADER_BYTES + AesGcm.IV_BYTES, envelope.length - HEADER_BYTES - AesGcm.IV_BYTES);
      return Decryption.success(plaintext);
    } catch (AEADBadTagException e) {
      return Decryption.failed(DecryptFailure.AUTHENTICATION_FAILED);
    }
  }

  private static int keyId(byte[] envelope) {
    return ((envelope[1] & 0xff) << 24) | ((envelope[2] & 0xff) << 16) | ((envelope[3] & 0xff) << 8) | (envelope[4] & 0xff);
  }

  private int maxEnvelopeTextLength() {
    return (int) (((long) maxPlaintextBytes + OVERHEAD) * 4 / 3 + 4);
  }

  /** Checks a context's length; its characters are checked as it is encoded. */
  private static void checkContext(String context) {
    Objects.requireNonNull(context, "context");
    if (context.isEmpty() || context.length() > MAX_CONTEXT_LENGTH) {
      throw new IllegalArgumentException(Errors.contextInvalid(context.length()));
    }
  }

  /**
   * Writes the associated data, {@code envelope[0..5) || UTF-8(context)}, into this thread's
   * scratch associated-data array (sized for the most UTF-8 can take, {@code 5 + 3 *
   * context.length()} bytes, so that a call allocates no array of its own), with the context
   * checked in the same pass: an unpaired surrogate is refused ({@code String.getBytes} would turn
   * it into {@code ?}, making two contexts one).
   *
   * <p>ASCII, the usual context, is copied out of the string in one {@code getChars} (a bulk copy)
   * and narrowed to bytes in a loop without branches that also ORs the characters together; any
   * character from U+0080 up makes that OR at least {@code 0x80} and sends the context to the
   * general encoder, which overwrites what the loop wrote.
   *
   * @return the length written
   */
  private static int associatedData(byte[] envelope, String context, AesGcm.Scratch scratch) {
    int n = context.length();
    byte[] aad = scratch.associatedData(HEADER_BYTES + 3 * n);
    char[] chars = scratch.chars(n);
    System.arraycopy(envelope, 0, aad, 0, HEADER_BYTES);
    context.getChars(0, n, chars, 0);
    int all = 0;
    for (int i = 0; i < n; i++) {
      char c = chars[i];
      all |= c;
      aad[HEADER_BYTES + i] = (byte) c;
    }
    if (all >= 0x80) {
      return associatedDataNonAscii(context, aad);
    }
    return HEADER_BYTES + n;
  }

  private static int associatedDataNonAscii(String context, byte[] aad) {
    if (PasswordBytes.utf8Length(context) == PasswordBytes.MALFORMED) {
      throw new IllegalArgumentException(Errors.contextNotUtf8());
    }
    byte[] encoded = context.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(encoded, 0, aad, HEADER_BYTES, encoded.length);
    return HEADER_BYTES + encoded.length;
  }

  /**
   * Configures a {@link CredentialCipher}. Each setting may be set once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final KeyRing keyRing;
    private String purpose;
    private int maxPlaintextBytes = DEFAULT_MAX_PLAINTEXT_BYTES;
    private boolean maxSet;

    private Builder(KeyRing keyRing) {
      this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
    }

    /**
     * Sets the purpose whose key encrypts, for a feature other than generic credentials (for
     * example {@code hiroi-totp-v1}). No two features may share a purpose.
     *
     * @param purpose 1 to 256 printable ASCII characters without spaces
     * @return this builder
     * @throws IllegalArgumentException if the purpose is invalid or reserved for hiroi's HMAC keys
     * @throws IllegalStateException if the purpose was already set
     */
    public Builder purpose(String purpose) {
      KeyRing.checkPurpose(purpose);
      if (Purposes.isHmac(purpose)) {
        throw new IllegalArgumentException(Errors.purposeForAnotherAlgorithm(purpose, "HMAC"));
      }
      if (this.purpose != null) {
        throw new IllegalStateException(Errors.settingTwice("purpose"));
      }
      this.purpose = purpose;
      return this;
    }

    /**
     * Sets the largest plaintext accepted (default {@value #DEFAULT_MAX_PLAINTEXT_BYTES}); larger
     * envelopes are rejected as malformed before any work.
     *
     * @param maxPlaintextBytes 1 to 64 MiB
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder maxPlaintextBytes(int maxPlaintextBytes) {
      if (maxPlaintextBytes < 1 || maxPlaintextBytes > MAX_PLAINTEXT_LIMIT) {
        throw new IllegalArgumentException(Errors.maxPlaintextRange(maxPlaintextBytes));
      }
      if (maxSet) {
        throw new IllegalStateException(Errors.settingTwice("maxPlaintextBytes"));
      }
      maxSet = true;
      this.maxPlaintextBytes = maxPlaintextBytes;
      return this;
    }

    /**
     * Builds the cipher, deriving every purpose key of the ring once.
     *
     * @return an immutable cipher
     */
    public CredentialCipher build() {
      return new CredentialCipher(this);
    }
  }
}
