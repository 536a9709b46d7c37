package io.hiroi.crypto;

import io.hiroi.core.ConstantTime;
import io.hiroi.core.SecretBytes;
import io.hiroi.crypto.internal.Argon2id;
import io.hiroi.crypto.internal.Errors;
import io.hiroi.crypto.internal.PasswordBytes;
import io.hiroi.crypto.internal.PhcString;
import java.nio.CharBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Password hashing with Argon2id (<a href="https://www.rfc-editor.org/rfc/rfc9106">RFC 9106</a>,
 * version 0x13) in the PHC string format {@code
 * $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>} (standard base64 without
 * padding; DESIGN.md "Password hashes"). A stored hash reveals no password short of a memory-hard
 * guessing attack, each hash has its own random salt, and {@link #verify(String, char[])} compares
 * in constant time. Strings written by the reference {@code argon2} tool and other libraries verify
 * here, and strings written here verify there (unless a {@linkplain Builder#pepper pepper} is
 * set).
 *
 * <p>Immutable and thread-safe; share one instance. Every call allocates its own Argon2 memory, so
 * the memory in use is {@code memoryKiB} times the number of concurrent calls: bound concurrency
 * (for example with hiroi-ratelimit) accordingly.
 *
 * <pre>{@code
 * PasswordHasher hasher = PasswordHasher.defaults(); // OWASP: m=19456 KiB, t=2, p=1
 * String stored = hasher.hash(password);              // store this string
 * if (hasher.verify(stored, password) && hasher.needsRehash(stored)) {
 *   stored = hasher.hash(password);                   // upgrade at login
 * }
 * }</pre>
 *
 * <p><b>Passwords</b> are encoded as UTF-8 without Unicode normalization: the composed and
 * decomposed forms of "é" are different passwords, as in the reference tool. An empty password is
 * hashed like any other (refusing it is the caller's policy). A password longer than {@link
 * Builder#maxPasswordBytes(int)} in UTF-8 is refused by {@link #hash(char[])} and never matches in
 * {@link #verify(String, char[])}; so is a password holding an unpaired surrogate, which has no
 * UTF-8 encoding. The caller's {@code char[]} is read, never modified or kept: zero it when done.
 * The UTF-8 copy made here is zeroed before each call returns.
 *
 * <p><b>Stored hashes</b> are verified with the parameters written in them, so a hash made with
 * other parameters, or by another library, still verifies. Because the stored string decides how
 * much work a verification costs, it is bounded: at most {@link Builder#maxVerifyMemoryKiB(int)}
 * KiB (by default 64 MiB) and {@link Builder#maxVerifyIterations(int)} passes (by default 10), a
 * cost {@code m * t} of at most the larger of {@value #DEFAULT_MAX_VERIFY_COST} (64 MiB at 4
 * passes) and {@value #VERIFY_COST_FACTOR} times the hashing cost (unless a verify limit is set
 * explicitly, which makes the cost limit the product of the two), 1 to 16 lanes, a salt of 8 to 64
 * bytes and a hash of 16 to 64 bytes. The default bounds admit hashes made at the defaults of
 * argon2-cffi 21.2 and later (RFC 9106's second recommendation, m=65536, t=3, p=4), PHP's {@code
 * password_hash} (m=65536, t=4, p=1), the reference tool and every OWASP choice; older argon2-cffi
 * hashes (m=102400, t=2, p=8) need a larger {@link Builder#maxVerifyMemoryKiB(int)}. A planted hash
 * within the default bounds costs at most about 7 times a verification at the default hashing
 * parameters. A stored string that is not an argon2id v=19 PHC string within
 * these bounds is a bug or a corruption in the host's data, not a wrong password: {@link
 * #verify(String, char[])} throws {@link IllegalArgumentException} for it, with a message that
 * names the problem and never repeats the string, and {@link #needsRehash(String)} returns {@code
 * true}.
 *
 * <p><b>Unknown users.</b> To answer a login for an account that does not exist in the same time
 * as a wrong password, call {@link #verifyAgainstDummy(char[])}: it spends one verification at the
 * current parameters. Timings match exactly when stored hashes use the current parameters, which
 * {@link #needsRehash(String)} helps to reach.
 */
public final class PasswordHasher {
  /** Default Argon2 memory in KiB (19 MiB), the OWASP recommendation. */
  public static final int DEFAULT_MEMORY_KIB = 19456;
  /** Default number of Argon2 passes, the OWASP recommendation. */
  public static final int DEFAULT_ITERATIONS = 2;
  /** Default number of Argon2 lanes, the OWASP recommendation. */
  public static final int DEFAULT_PARALLELISM = 1;
  /** Default salt length in bytes (128 bits). */
  public static final int DEFAULT_SALT_LENGTH = 16;
  /** Default hash length in bytes (256 bits). */
  public static final int DEFAULT_HASH_LENGTH = 32;
  /** Default longest password in UTF-8 bytes. */
  public static final int DEFAULT_MAX_PASSWORD_BYTES = 1024;
  /**
   * Default most memory one verification may use, in KiB (64 MiB), or the hashing memory if that
   * is larger. Together with {@link #DEFAULT_MAX_VERIFY_COST} it admits the 64 MiB defaults of
   * argon2-cffi (t=3, p=4) and PHP (t=4, p=1).
   */
  public static final int DEFAULT_MAX_VERIFY_MEMORY_KIB = 65536;
  /** Default most passes one verification may run, or the hashing passes if that is larger. */
  public static final int DEFAULT_MAX_VERIFY_ITERATIONS = 10;

  /**
   * Unless a verify limit is set explicitly, the most a stored hash may cost, as memory in KiB
   * times passes ({@code m * t}), when {@link #VERIFY_COST_FACTOR} times the hashing cost is less:
   * 64 MiB at 4 passes, enough for argon2-cffi's default (RFC 9106's second recommendation,
   * m=65536, t=3, p=4: 196608) and PHP's (m=65536, t=4, p=1: 262144), and about 7 times the
   * default hashing cost (19456 * 2).
   */
  public static final int DEFAULT_MAX_VERIFY_COST = 4 * 65536;

  /**
   * Unless a verify limit is set explicitly, a stored hash may cost at most this many times the
   * hashing cost, or {@link #DEFAULT_MAX_VERIFY_COST} if that is larger, measured as memory times
   * passes ({@code m * t}), so that a planted hash with large parameters cannot make each login
   * many times more expensive.
   */
  public static final int VERIFY_COST_FACTOR = 4;

  /** Largest memory setting accepted, in KiB (4 GiB). */
  public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
  /** Largest number of passes accepted. */
  public static final int MAX_ITERATIONS = 100;
  /** Largest number of lanes accepted. */
  public static final int MAX_PARALLELISM = PhcString.MAX_PARALLELISM;
  /** Shortest salt accepted when hashing, in bytes; verification accepts 8 (older hashes). */
  public static final int MIN_SALT_LENGTH = 16;
  /** Longest salt accepted, in bytes. */
  public static final int MAX_SALT_LENGTH = PhcString.MAX_SALT_LENGTH;
  /** Shortest hash accepted, in bytes. */
  public static final int MIN_HASH_LENGTH = PhcString.MIN_HASH_LENGTH;
  /** Longest hash accepted, in bytes. */
  public static final int MAX_HASH_LENGTH = PhcString.MAX_HASH_LENGTH;
  /** Largest {@link Builder#maxPasswordBytes(int)} accepted. */
  public static final int MAX_PASSWORD_BYTES_LIMIT = 65536;
  /** Shortest pepper accepted, in bytes (128 bits). */
  public static final int MIN_PEPPER_LENGTH = 16;
  /** Longest pepper accepted, in bytes. */
  public static final int MAX_PEPPER_LENGTH = 64;

  /**
   * The OWASP Password Storage Cheat Sheet's equivalent Argon2id choices (p=1): pairs of minimum
   * memory in KiB and passes. Hashing parameters must reach at least one pair.
   */
  private static final int[][] OWASP_MINIMUMS = {
    {47104, 1}, {19456, 2}, {12288, 3}, {9216, 4}, {7168, 5}
  };

  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;
  private final int saltLength;
  private final int hashLength;
  private final int maxPasswordBytes;
  private final int maxVerifyMemoryKiB;
  private final int maxVerifyIterations;
  private final long maxVerifyCost;
  private final boolean weakParametersAllowed;
  private final SecretBytes pepper;
  private final SecureRandom random;
  private final PhcString dummy;

  private PasswordHasher(Builder b) {
    this.memoryKiB = b.memoryKiB;
    this.iterations = b.iterations;
    this.parallelism = b.parallelism;
    this.saltLength = b.saltLength;
    this.hashLength = b.hashLength;
    this.maxPasswordBytes = b.maxPasswordBytes;
    this.maxVerifyMemoryKiB = b.maxVerifyMemoryKiB;
    this.maxVerifyIterations = b.maxVerifyIterations;
    this.maxVerifyCost = b.maxVerifyCost;
    this.weakParametersAllowed = b.weakParametersAllowed;
    this.pepper = b.pepper;
    this.random = b.random;
    // A stand-in stored hash at the current parameters: random salt and random tag, so no password
    // matches it (but for a chance of 2^-128 or less) and verifying against it costs what a real
    // verification costs.
    byte[] salt = new byte[saltLength];
    byte[] tag = new byte[hashLength];
    random.nextBytes(salt);
    random.nextBytes(tag);
    this.dummy = PhcString.parse(PhcString.format(memoryKiB, iterations, parallelism, salt, tag));
  }

  /**
   * Returns a hasher with the OWASP parameters: m=19456 KiB, t=2, p=1, a 16-byte salt, a 32-byte
   * hash, passwords up to 1024 UTF-8 bytes, no pepper.
   *
   * @return a new hasher with the defaults
   */
  public static PasswordHasher defaults() {
    return builder().build();
  }

  /**
   * Returns a builder; every setting it leaves out takes its default ({@code DEFAULT_...}).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Hashes a password with a fresh random salt at this hasher's parameters.
   *
   * @param password the password; read, not modified, not kept
   * @return the PHC string to store, such as {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}
   * @throws IllegalArgumentException if the password is longer than {@code maxPasswordBytes} in
   *     UTF-8 or holds an unpaired surrogate; the message gives the limit and the size only
   * @throws NullPointerException if {@code password} is null
   */
  public String hash(char[] password) {
    Objects.requireNonNull(password, "password");
    return hash(CharBuffer.wrap(password));
  }

  /**
   * Hashes a password with a fresh random salt at this hasher's parameters. Prefer {@link
   * #hash(char[])} when the password is in an array the caller can zero.
   *
   * @param password the password; read, not kept
   * @return the PHC string to store
   * @throws IllegalArgumentException if the password is longer than {@code maxPasswordBytes} in
   *     UTF-8 or holds an unpaired surrogate; the message gives the limit and the size only
   * @throws NullPointerException if {@code password} is null
   */
  public String hash(CharSequence password) {
    Objects.requireNonNull(password, "password");
    long length = PasswordBytes.utf8Length(password);
    if (length == PasswordBytes.MALFORMED) {
      throw new IllegalArgumentException(Errors.passwordNotWellFormed());
    }
    if (length > maxPasswordBytes) {
      throw new IllegalArgumentException(Errors.passwordTooLong(maxPasswordBytes, length));
    }
    byte[] salt = new byte[saltLength];
    random.nextBytes(salt);
    byte[] tag =
        argon2(password, (int) length, salt, memoryKiB, iterations, parallelism, hashLength);
    try {
      return PhcString.format(memoryKiB, iterations, parallelism, salt, tag);
    } finally {
      Arrays.fill(tag, (byte) 0);
    }
  }

  /**
   * Checks a password against a stored PHC string, using the parameters written in the string
   * (within this hasher's verify bounds) and this hasher's pepper, if any. The comparison is
   * constant-time.
   *
   * @param phcHash the stored hash, as returned by {@link #hash(char[])} or by another Argon2id
   *     implementation
   * @param password the password to check; read, not modified, not kept
   * @return {@code true} if the password matches; {@code false} if it does not, or if it is longer
   *     than {@code maxPasswordBytes} in UTF-8 or holds an unpaired surrogate (no such password can
   *     have been hashed here)
   * @throws IllegalArgumentException if {@code phcHash} is not an argon2id v=19 PHC string within
   *     the verify bounds (see the class description): the stored data is broken, which is not a
   *     wrong password; the message names the problem and never repeats the string
   * @throws NullPointerException if an argument is null
   */
  public boolean verify(String phcHash, char[] password) {
    Objects.requireNonNull(phcHash, "phcHash");
    Objects.requireNonNull(password, "password");
    return verify(phcHash, CharBuffer.wrap(password));
  }

  /**
   * Checks a password against a stored PHC string; see {@link #verify(String, char[])}.
   *
   * @param phcHash the stored hash
   * @param password the password to check; read, not kept
   * @return {@code true} if the password matches, otherwise {@code false}
   * @throws IllegalArgumentException if {@code phcHash} is not an argon2id v=19 PHC string within
   *     the verify bounds; the message never repeats the string
   * @throws NullPointerException if an argument is null
   */
  public boolean verify(String phcHash, CharSequence password) {
    Objects.requireNonNull(phcHash, "phcHash");
    Objects.requireNonNull(password, "password");
    PhcString stored = PhcString.parse(phcHash);
    checkVerifyBounds(stored);
    return verifyParsed(stored, password);
  }

  /**
   * Spends the time of one {@link #verify(String, char[])} of a hash at the current parameters and
   * returns {@code false}: call it when the account does not exist, so that the response takes as
   * long as a wrong password would and does not reveal which accounts exist.
   *
   * @param password the password that was submitted; read, not modified, not kept
   * @return {@code false}, always
   * @throws NullPointerException if {@code password} is null
   */
  public boolean verifyAgainstDummy(char[] password) {
    Objects.requireNonNull(password, "password");
    return verifyAgainstDummy(CharBuffer.wrap(password));
  }

  /**
   * Spends the time of one verification at the current parameters and returns {@code false}; see
   * {@link #verifyAgainstDummy(char[])}.
   *
   * @param password the password that was submitted; read, not kept
   * @return {@code false}, always
   * @throws NullPointerException if {@code password} is null
   */
  public boolean verifyAgainstDummy(CharSequence password) {
    Objects.requireNonNull(password, "password");
    // The same path as verify, so an oversized password returns as early here as there. The
    // result is false but for a chance of 2^-128 and is discarded.
    verifyParsed(dummy, password);
    return false;
  }

  /**
   * Returns the longest password, in UTF-8 bytes, that {@link #hash(char[])} accepts, so that a
   * caller can refuse a longer one before doing anything it cannot undo (such as using up a reset
   * link).
   *
   * @return the limit in UTF-8 bytes
   */
  public int maxPasswordBytes() {
    return maxPasswordBytes;
  }

  /**
   * Says whether a stored hash should be replaced by a new {@link #hash(char[])} of the password
   * (best done right after a successful verification): {@code true} when its memory, passes,
   * lanes, salt length or hash length is below this hasher's, or when the string is not an
   * argon2id v=19 PHC string that {@link #verify(String, char[])} accepts. Parameters above the
   * current ones do not call for a rehash. Whether a hash was made with this hasher's pepper cannot
   * be seen from the string.
   *
   * @param phcHash the stored hash
   * @return {@code true} if the hash should be replaced
   * @throws NullPointerException if {@code phcHash} is null
   */
  public boolean needsRehash(String phcHash) {
    Objects.requireNonNull(phcHash, "phcHash");
    PhcString stored;
    try {
      stored = PhcString.parse(phcHash);
      checkVerifyBounds(stored);
    } catch (IllegalArgumentException notOurs) {
      return true;
    }
    return stored.memoryKiB() < memoryKiB
        || stored.iterations() < iterations
        || stored.parallelism() < parallelism
        || stored.saltLength() < saltLength
        || stored.hashLength() < hashLength;
  }

  /**
   * Returns the parameters and limits, never the pepper: for example {@code
   * PasswordHasher[argon2id, v=19, m=19456, t=2, p=1, saltLength=16, hashLength=32, ...,
   * pepper=none]}.
   *
   * @return a description without secrets
   */
  @Override
  public String toString() {
    return "PasswordHasher[argon2id, v=19, m="
        + memoryKiB
        + ", t="
        + iterations
        + ", p="
        + parallelism
        + ", saltLength="
        + saltLength
        + ", hashLength="
        + hashLength
        + ", maxPasswordBytes="
        + maxPasswordBytes
        + ", maxVerifyMemoryKiB="
        + maxVerifyMemoryKiB
        + ", maxVerifyIterations="
        + maxVerifyIterations
        + ", pepper="
        + (pepper == null ? "none" : "[redacted]")
        + (weakParametersAllowed ? ", insecureAllowWeakParameters" : "")
        + "]";
  }

  private void checkVerifyBounds(PhcString stored) {
    if (stored.memoryKiB() > maxVerifyMemoryKiB) {
      throw new IllegalArgumentException(
          Errors.phcAboveVerifyLimit(
              "m", stored.memoryKiB(), "maxVerifyMemoryKiB", maxVerifyMemoryKiB));
    }
    if (stored.iterations() > maxVerifyIterations) {
      throw new IllegalArgumentException(
          Errors.phcAboveVerifyLimit(
              "t", stored.iterations(), "maxVerifyIterations", maxVerifyIterations));
    }
    long cost = (long) stored.memoryKiB() * stored.iterations();
    if (cost > maxVerifyCost) {
      throw new IllegalArgumentException(
          Errors.phcAboveVerifyLimit("m*t", cost, "the verify cost limit", maxVerifyCost));
    }
  }

  private boolean verifyParsed(PhcString stored, CharSequence password) {
    long length = PasswordBytes.utf8Length(password);
    if (length == PasswordBytes.MALFORMED || length > maxPasswordBytes) {
      return false;
    }
    byte[] expected = stored.hash();
    byte[] actual =
        argon2(
            password,
            (int) length,
            stored.salt(),
            stored.memoryKiB(),
            stored.iterations(),
            stored.parallelism(),
            expected.length);
    try {
      return ConstantTime.equals(actual, expected);
    } finally {
      Arrays.fill(actual, (byte) 0);
      Arrays.fill(expected, (byte) 0);
    }
  }

  private byte[] argon2(
      CharSequence password,
      int utf8Length,
      byte[] salt,
      int memory,
      int passes,
      int lanes,
      int tagLength) {
    byte[] passwordBytes = PasswordBytes.encodeUtf8(password, utf8Length);
    byte[] secret = pepper == null ? null : pepper.toByteArray();
    try {
      return Argon2id.compute(
          passwordBytes, salt, secret, null, memory, passes, lanes, tagLength);
    } finally {
      Arrays.fill(passwordBytes, (byte) 0);
      if (secret != null) {
        Arrays.fill(secret, (byte) 0);
      }
    }
  }

  /**
   * Builds a {@link PasswordHasher}. Each setter checks its argument at once and may be called
   * once; {@link #build()} checks combinations. Settings left out take the {@code DEFAULT_...}
   * values of {@link PasswordHasher}.
   *
   * <p>Not thread-safe: use one builder per thread.
   */
  public static final class Builder {
    private int memoryKiB = -1;
    private int iterations = -1;
    private int parallelism = -1;
    private int saltLength = -1;
    private int hashLength = -1;
    private int maxPasswordBytes = -1;
    private int maxVerifyMemoryKiB = -1;
    private int maxVerifyIterations = -1;
    private long maxVerifyCost;
    private boolean weakParametersAllowed;
    private SecretBytes pepper;
    private SecureRandom random;

    private Builder() {}

    /**
     * Sets the Argon2 memory m in KiB (default {@value PasswordHasher#DEFAULT_MEMORY_KIB}). With
     * the passes it must reach an OWASP minimum (47104/1, 19456/2, 12288/3, 9216/4 or 7168/5
     * KiB/passes) unless {@link #insecureAllowWeakParameters()} is called, and it must be at least
     * 8 KiB per lane.
     *
     * @param memoryKiB between 8 and {@value PasswordHasher#MAX_MEMORY_KIB}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder memoryKiB(int memoryKiB) {
      checkUnset(this.memoryKiB, "argon2 memoryKiB");
      this.memoryKiB = checkRange("argon2 memoryKiB", memoryKiB, 8, MAX_MEMORY_KIB);
      return this;
    }

    /**
     * Sets the number of Argon2 passes t (default {@value PasswordHasher#DEFAULT_ITERATIONS}).
     *
     * @param iterations between 1 and {@value PasswordHasher#MAX_ITERATIONS}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder iterations(int iterations) {
      checkUnset(this.iterations, "argon2 iterations");
      this.iterations = checkRange("argon2 iterations", iterations, 1, MAX_ITERATIONS);
      return this;
    }

    /**
     * Sets the number of Argon2 lanes p (default {@value PasswordHasher#DEFAULT_PARALLELISM}).
     * Bouncy Castle computes the lanes one after another, so more lanes cost time, not threads.
     *
     * @param parallelism between 1 and {@value PasswordHasher#MAX_PARALLELISM}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder parallelism(int parallelism) {
      checkUnset(this.parallelism, "argon2 parallelism");
      this.parallelism = checkRange("argon2 parallelism", parallelism, 1, MAX_PARALLELISM);
      return this;
    }

    /**
     * Sets the length of the random salt of new hashes (default {@value
     * PasswordHasher#DEFAULT_SALT_LENGTH}).
     *
     * @param saltLength in bytes, between {@value PasswordHasher#MIN_SALT_LENGTH} and {@value
     *     PasswordHasher#MAX_SALT_LENGTH}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder saltLength(int saltLength) {
      checkUnset(this.saltLength, "argon2 saltLength");
      this.saltLength =
          checkRange("argon2 saltLength", saltLength, MIN_SALT_LENGTH, MAX_SALT_LENGTH);
      return this;
    }

    /**
     * Sets the length of new hashes (default {@value PasswordHasher#DEFAULT_HASH_LENGTH}).
     *
     * @param hashLength in bytes, between {@value PasswordHasher#MIN_HASH_LENGTH} and {@value
     *     PasswordHasher#MAX_HASH_LENGTH}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder hashLength(int hashLength) {
      checkUnset(this.hashLength, "argon2 hashLength");
      this.hashLength =
          checkRange("argon2 hashLength", hashLength, MIN_HASH_LENGTH, MAX_HASH_LENGTH);
      return this;
    }

    /**
     * Sets the longest password, counted in UTF-8 bytes (default {@value
     * PasswordHasher#DEFAULT_MAX_PASSWORD_BYTES}). Longer passwords are refused by {@code hash} and
     * never match in {@code verify}.
     *
     * @param maxPasswordBytes between 1 and {@value PasswordHasher#MAX_PASSWORD_BYTES_LIMIT}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder maxPasswordBytes(int maxPasswordBytes) {
      checkUnset(this.maxPasswordBytes, "maxPasswordBytes");
      this.maxPasswordBytes =
          checkRange("maxPasswordBytes", maxPasswordBytes, 1, MAX_PASSWORD_BYTES_LIMIT);
      return this;
    }

    /**
     * Sets the most memory a stored hash may ask one verification to use (default the larger of
     * {@value PasswordHasher#DEFAULT_MAX_VERIFY_MEMORY_KIB} and the hashing memory). A stored hash
     * above it is refused, so a planted hash cannot exhaust the server's memory.
     *
     * @param maxVerifyMemoryKiB in KiB, between 8 and {@value PasswordHasher#MAX_MEMORY_KIB}, and
     *     at least the hashing memory (checked by {@link #build()})
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder maxVerifyMemoryKiB(int maxVerifyMemoryKiB) {
      checkUnset(this.maxVerifyMemoryKiB, "argon2 maxVerifyMemoryKiB");
      this.maxVerifyMemoryKiB =
          checkRange("argon2 maxVerifyMemoryKiB", maxVerifyMemoryKiB, 8, MAX_MEMORY_KIB);
      return this;
    }

    /**
     * Sets the most passes a stored hash may ask one verification to run (default the larger of
     * {@value PasswordHasher#DEFAULT_MAX_VERIFY_ITERATIONS} and the hashing passes).
     *
     * @param maxVerifyIterations between 1 and {@value PasswordHasher#MAX_ITERATIONS}, and at
     *     least the hashing passes (checked by {@link #build()})
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder maxVerifyIterations(int maxVerifyIterations) {
      checkUnset(this.maxVerifyIterations, "argon2 maxVerifyIterations");
      this.maxVerifyIterations =
          checkRange("argon2 maxVerifyIterations", maxVerifyIterations, 1, MAX_ITERATIONS);
      return this;
    }

    /**
     * Sets a pepper: a server-side secret passed to Argon2 as its secret input K (RFC 9106 section
     * 3.1), kept apart from the database (for example in a mounted secret), so that stolen hashes
     * cannot be attacked without it. The pepper is copied; the caller may destroy its instance.
     *
     * <p>Peppered hashes verify only with the same pepper: the reference {@code argon2} tool and
     * other libraries without it cannot check them, a hash made without a pepper does not verify
     * on a peppered hasher, and losing or changing the pepper makes every stored hash unusable
     * (there is no pepper rotation: users would have to reset their passwords).
     *
     * @param pepper the secret, {@value PasswordHasher#MIN_PEPPER_LENGTH} to {@value
     *     PasswordHasher#MAX_PEPPER_LENGTH} bytes
     * @return this builder
     * @throws IllegalArgumentException if its length is out of range
     * @throws IllegalStateException if a pepper was already set, or {@code pepper} was destroyed
     * @throws NullPointerException if {@code pepper} is null
     */
    public Builder pepper(SecretBytes pepper) {
      Objects.requireNonNull(pepper, "pepper");
      if (this.pepper != null) {
        throw new IllegalStateException(Errors.settingTwice("argon2 pepper"));
      }
      checkRange("argon2 pepper length", pepper.length(), MIN_PEPPER_LENGTH, MAX_PEPPER_LENGTH);
      byte[] copy = pepper.toByteArray();
      try {
        this.pepper = SecretBytes.copyOf(copy);
      } finally {
        Arrays.fill(copy, (byte) 0);
      }
      return this;
    }

    /**
     * Allows memory and passes below the OWASP minimums. Hashes made this way are cheap to attack:
     * for tests and benchmarks only, never for real passwords.
     *
     * @return this builder
     * @throws IllegalStateException if already called
     */
    public Builder insecureAllowWeakParameters() {
      if (weakParametersAllowed) {
        throw new IllegalStateException(
            Errors.settingTwice("insecureAllowWeakParameters"));
      }
      weakParametersAllowed = true;
      return this;
    }

    /** Test seam: the source of salts (the library draws them; no public API supplies them). */
    Builder random(SecureRandom random) {
      Objects.requireNonNull(random, "random");
      if (this.random != null) {
        throw new IllegalStateException(Errors.settingTwice("random"));
      }
      this.random = random;
      return this;
    }

    /**
     * Checks the combination of settings and builds the hasher. The builder may be reused.
     *
     * @return a new, immutable hasher
     * @throws IllegalArgumentException if memory and passes are below the OWASP minimums (without
     *     {@link #insecureAllowWeakParameters()}), memory is below 8 KiB per lane, or a verify
     *     limit is below the corresponding hashing parameter
     */
    public PasswordHasher build() {
      Builder b = new Builder();
      b.memoryKiB = orDefault(memoryKiB, DEFAULT_MEMORY_KIB);
      b.iterations = orDefault(iterations, DEFAULT_ITERATIONS);
      b.parallelism = orDefault(parallelism, DEFAULT_PARALLELISM);
      b.saltLength = orDefault(saltLength, DEFAULT_SALT_LENGTH);
      b.hashLength = orDefault(hashLength, DEFAULT_HASH_LENGTH);
      b.maxPasswordBytes = orDefault(maxPasswordBytes, DEFAULT_MAX_PASSWORD_BYTES);
      b.maxVerifyMemoryKiB =
          orDefault(maxVerifyMemoryKiB, Math.max(DEFAULT_MAX_VERIFY_MEMORY_KIB, b.memoryKiB));
      b.maxVerifyIterations =
          orDefault(maxVerifyIterations, Math.max(DEFAULT_MAX_VERIFY_ITERATIONS, b.iterations));
      // Memory and passes are capped separately and together: by default a stored hash may cost
      // (m*t) at most VERIFY_COST_FACTOR times the hashing cost, or DEFAULT_MAX_VERIFY_COST if that
      // is larger (so other libraries' default hashes verify); explicit limits replace that with
      // their product, since the caller then chose what one verification may spend.
      b.maxVerifyCost =
          maxVerifyMemoryKiB < 0 && maxVerifyIterations < 0
              ? Math.max(
                  VERIFY_COST_FACTOR * (long) b.memoryKiB * b.iterations,
                  (long) DEFAULT_MAX_VERIFY_COST)
              : (long) b.maxVerifyMemoryKiB * b.maxVerifyIterations;
      b.weakParametersAllowed = weakParametersAllowed;
      b.pepper = pepper;
      b.random = random == null ? new SecureRandom() : random;

      if (!b.weakParametersAllowed && !meetsOwasp(b.memoryKiB, b.iterations)) {
        throw new IllegalArgumentException(
            Errors.argon2BelowOwaspMinimum(b.memoryKiB, b.iterations));
      }
      if (b.memoryKiB < 8 * b.parallelism) {
        throw new IllegalArgumentException(
            Errors.argon2MemoryBelowLanes(b.memoryKiB, b.parallelism));
      }
      if (b.maxVerifyMemoryKiB < b.memoryKiB) {
        throw new IllegalArgumentException(
            Errors.argon2VerifyLimitBelowHashing(
                "argon2 maxVerifyMemoryKiB",
                b.maxVerifyMemoryKiB,
                "argon2 memoryKiB",
                b.memoryKiB));
      }
      if (b.maxVerifyIterations < b.iterations) {
        throw new IllegalArgumentException(
            Errors.argon2VerifyLimitBelowHashing(
                "argon2 maxVerifyIterations",
                b.maxVerifyIterations,
                "argon2 iterations",
                b.iterations));
      }
      return new PasswordHasher(b);
    }

    private static boolean meetsOwasp(int memoryKiB, int iterations) {
      for (int[] minimum : OWASP_MINIMUMS) {
        if (memoryKiB >= minimum[0] && iterations >= minimum[1]) {
          return true;
        }
      }
      return false;
    }

    private static int orDefault(int value, int fallback) {
      return value == -1 ? fallback : value;
    }

    private static void checkUnset(int current, String setting) {
      if (current != -1) {
        throw new IllegalStateException(Errors.settingTwice(setting));
      }
    }

    private static int checkRange(String setting, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            Errors.argon2SettingOutOfRange(setting, min, max, value));
      }
      return value;
    }
  }
}
