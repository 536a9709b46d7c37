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

  private static volatile Access access;

  private SiblingKeys() {}

  /**
   * Installs the ring's accessor; called once, by {@link KeyRing}'s static initializer.
   *
   * @param ringAccess the accessor
   * @throws IllegalStateException when one is installed already
   */
  public static synchronized void install(Access ringAccess) {
    if (access != null) {
      throw new IllegalStateException("the key ring accessor is installed already");
    }
    access = Objects.requireNonNull(ringAccess, "ringAccess");
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
