package io.hiroi.crypto.internal;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Hands out AES-GCM IVs drawn from a {@link SecureRandom} (the RBG-based construction of NIST SP
 * 800-38D section 8.2.2), {@value #IVS_PER_DRAW} at a time per thread: one {@code nextBytes} call
 * fills a thread's block, and the next calls on that thread take the block's IVs in order, each
 * exactly once. The randomness is the same as one draw per IV; what is shared is the draw's fixed
 * cost (on Linux, NativePRNG's JVM-wide lock and its per-call mixing), which is a quarter of a
 * 64-byte encryption when paid per IV. IVs are not secret, so holding a few ahead is harmless.
 * One risk is not handled here: a VM restored from a snapshot or clone (CRaC, Lambda SnapStart,
 * a cloned VM image) must not reuse a heap that has drawn IVs, since every copy would hand out the
 * same pre-drawn IVs under the same key (the same holds for {@link SecureRandom} state itself).
 *
 * <p>Thread-safe; each thread has its own block, so handing out takes no lock.
 */
public final class IvSource {
  /** How many IVs one draw from the {@link SecureRandom} yields. */
  public static final int IVS_PER_DRAW = 16;

  private final SecureRandom random;
  private final ThreadLocal<Block> blocks = ThreadLocal.withInitial(Block::new);

  /**
   * Creates a source.
   *
   * @param random where the IVs come from; shared by every thread
   */
  public IvSource(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Writes the next {@value AesGcm#IV_BYTES}-byte IV into {@code out}.
   *
   * @param out the array
   * @param offset where the IV goes
   */
  public void next(byte[] out, int offset) {
    Block b = blocks.get();
    if (b.next == b.ivs.length) {
      random.nextBytes(b.ivs);
      b.next = 0;
    }
    System.arraycopy(b.ivs, b.next, out, offset, AesGcm.IV_BYTES);
    b.next += AesGcm.IV_BYTES;
  }

  /** One thread's IVs, taken from {@code next} on; used up when {@code next} is the length. */
  private static final class Block {
    final byte[] ivs = new byte[IVS_PER_DRAW * AesGcm.IV_BYTES];
    int next = ivs.length;
  }
}
