package io.hiroi.crypto.internal;

import io.hiroi.core.SecretBytes;
import io.hiroi.crypto.KeyRing;
import java.util.Objects;

/**
 * Hands hiroi's own modules (audit, auth, widget-token) the purpose keys of hiroi's internal
 * purposes, which {@link KeyRing#exportPurposeKey} refuses to hand to a host. It follows the JDK's
 * {@code SharedSecrets}: {@link KeyRing} installs its accessor when its class initializes, so no
 * module needs the ring's master secrets, and none has to export them to derive a key.
 *
 * <p>Only sibling hiroi modules are meant to call it, but nothing enforces that: without a {@code
 * module-info} this public class is open to any code on the class path, and {@link #purposeKey}
 * gives whoever holds a ring its internal keys (credential AES key, API-key HMAC key, audit chain
 * key and the rest); code that holds a ring can already read its master secrets with {@link
 * KeyRing#exportJson()}. What is enforced is {@link #install}: it accepts one accessor, from {@link
 * KeyRing}'s static initializer only, so a stray call can neither replace the ring's derivation
 * nor, made before {@link KeyRing} initializes, make that initialization fail.
 *
 * <p>Thread-safe.
 */
public final class SiblingKeys {
  /** The ring's own derivation (the cached HKDF purpose key), as {@link KeyRing} installs it. */
  @FunctionalInterface
  public interface Access {
    /**
     * Returns the ring's cached purpose key; the array must not be modified or leaked.
     *
     * @param ring the ring
     * @param purpose the purpose
     * @param keyId the key id
     * @return the cached key
     */
    byte[] purposeKey(KeyRing ring, String purpose, int keyId);
  }

  private static final StackWalker STACK =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private static volatile Access access;

  private SiblingKeys() {}

  /**
   * Installs the ring's accessor; called once, by {@link KeyRing}'s static initializer, and
   * refused from anywhere else.
   *
   * @param ringAccess the accessor
   * @throws IllegalStateException when the caller is not {@link KeyRing}'s static initializer, or
   *     an accessor is installed already; nothing is installed then
   * @throws NullPointerException if {@code ringAccess} is null
   */
  public static synchronized void install(Access ringAccess) {
    Objects.requireNonNull(ringAccess, "ringAccess");
    // The frame after this method's own is its caller. The class is compared by identity, so a
    // look-alike KeyRing from another class loader is refused too.
    boolean fromKeyRingInitializer =
        STACK.walk(
            frames ->
                frames
                    .skip(1)
                    .findFirst()
                    .map(
                        caller ->
                            caller.getDeclaringClass() == KeyRing.class
                                && "<clinit>".equals(caller.getMethodName()))
                    .orElse(false));
    if (!fromKeyRingInitializer) {
      throw new IllegalStateException(Errors.siblingKeysInstallerNotKeyRing());
    }
    if (access != null) {
      throw new IllegalStateException(Errors.siblingKeysInstalledAlready());
    }
    access = ringAccess;
  }

  /**
   * Returns a copy of a purpose key, {@code HKDF-SHA256(master[keyId], empty salt, purpose, 32)}.
   *
   * @param ring the ring
   * @param purpose the purpose, such as {@link Purposes#AUDIT_CHAIN}
   * @param keyId a key id of the ring
   * @return a copy the caller destroys when done
   * @throws IllegalArgumentException when the purpose is invalid or the key id is not in the ring
   */
  public static SecretBytes purposeKey(KeyRing ring, String purpose, int keyId) {
    Objects.requireNonNull(ring, "ring"); // a ring exists, so KeyRing has initialized and installed
    return SecretBytes.copyOf(access.purposeKey(ring, purpose, keyId));
  }
}
