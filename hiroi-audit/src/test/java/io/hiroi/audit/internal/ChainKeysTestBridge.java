package io.hiroi.audit.internal;

import io.hiroi.crypto.KeyRing;
import java.util.Arrays;
import java.util.Map;

/** Test access to {@link ChainKeys}'s derivation. */
public final class ChainKeysTestBridge {
  private ChainKeysTestBridge() {}

  public static byte[] derive(KeyRing ring, String purpose) {
    Map<Integer, byte[]> masters = ChainKeys.masters(ring);
    try {
      return ChainKeys.derive(masters.get(ring.primaryKeyId()), purpose).getEncoded();
    } finally {
      masters.values().forEach(m -> Arrays.fill(m, (byte) 0));
    }
  }
}
