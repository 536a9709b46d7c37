package io.hiroi.core;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * Bytes of key material or another secret. It never prints its content: {@link #toString()} is
 * {@code [redacted]}. It hands out copies only, so a caller cannot change it, and {@link
 * #destroy()} overwrites the bytes with zeros, after which {@link #toByteArray()} and {@link
 * #equalsConstantTime(SecretBytes)} throw {@link IllegalStateException}; {@link #length()}, {@link
 * #isDestroyed()} and {@link #toString()} still answer (none reveals the content). Equality is
 * identity; compare contents with {@link #equalsConstantTime(SecretBytes)}.
 *
 * <p>Thread-safe for concurrent reads; share one instance. Destroying a secret while another
 * thread still reads it is a caller error: that read may throw or may return zeros.
 *
 * <pre>{@code
 * SecretBytes key = SecretBytes.random(32, new SecureRandom());
 * byte[] copy = key.toByteArray(); // the caller zeroes the copy when done
 * key.destroy();
 * }</pre>
 */
public final class SecretBytes implements Destroyable {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies {@code bytes} into a new secret. The caller keeps (and should zero) its own array.
   *
   * @param bytes the secret; may be empty
   * @return a new secret holding a copy of {@code bytes}
   * @throws NullPointerException if {@code bytes} is null
   */
  public static SecretBytes copyOf(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new SecretBytes(bytes.clone());
  }

  /**
   * Draws {@code length} bytes from {@code random}.
   *
   * @param length the number of bytes, at least 1
   * @param random the source of randomness
   * @return a new random secret
   * @throws IllegalArgumentException if {@code length} is below 1
   * @throws NullPointerException if {@code random} is null
   */
  public static SecretBytes random(int length, SecureRandom random) {
    if (length < 1) {
      throw new IllegalArgumentException("secret length must be at least 1 byte, was " + length);
    }
    Objects.requireNonNull(random, "random");
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return new SecretBytes(bytes);
  }

  /**
   * Returns the number of bytes; the length of a secret is not itself secret, so this still
   * answers after {@link #destroy()}.
   *
   * @return the length in bytes
   */
  public int length() {
    return bytes.length;
  }

  /**
   * Returns a copy of the secret. The caller should overwrite the copy with zeros when done.
   *
   * @return a fresh copy of the bytes
   * @throws IllegalStateException if this secret was destroyed
   */
  public byte[] toByteArray() {
    checkNotDestroyed();
    return handOut(bytes.clone());
  }

  /**
   * Returns {@code copy}, unless this secret was destroyed while it was being made: then the copy
   * (which may hold some of the secret) is zeroed before the exception, not left for the garbage
   * collector. Package-private so a test can run this step after a destroy.
   */
  byte[] handOut(byte[] copy) {
    if (destroyed) {
      Arrays.fill(copy, (byte) 0);
      throw new IllegalStateException("secret was destroyed");
    }
    return copy;
  }

  /**
   * Compares contents with another secret in constant time.
   *
   * @param other the other secret
   * @return {@code true} when both hold the same bytes
   * @throws IllegalStateException if either secret was destroyed
   * @throws NullPointerException if {@code other} is null
   */
  public boolean equalsConstantTime(SecretBytes other) {
    Objects.requireNonNull(other, "other");
    checkNotDestroyed();
    other.checkNotDestroyed();
    return ConstantTime.equals(bytes, other.bytes);
  }

  /**
   * Overwrites the bytes with zeros. Later calls to {@link #toByteArray()} and {@link
   * #equalsConstantTime(SecretBytes)} throw {@link IllegalStateException}.
   */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Returns {@code [redacted]}, never the content. */
  @Override
  public String toString() {
    return "[redacted]";
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("secret was destroyed");
    }
  }
}
