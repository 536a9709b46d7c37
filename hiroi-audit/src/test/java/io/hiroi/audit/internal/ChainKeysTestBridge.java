package io.hiroi.audit.internal;

import io.hiroi.crypto.KeyRing;

/** Test access to {@link ChainKeys}'s derivation. */
public final class ChainKeysTestBridge {
  private ChainKeysTestBridge() {}

  public static byte[] derive(KeyRing ring, String purpose) {
    return ChainKeys.derive(ring, purpose, ring.primaryKeyId()).getEncoded();
  }
}
