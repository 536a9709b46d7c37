package io.hiroi.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IvSourceTest {
  /** A SecureRandom that counts its draws and records what it gave. */
  private static final class Recording extends SecureRandom {
    private static final long serialVersionUID = 1L;
    final AtomicInteger draws = new AtomicInteger();
    final List<byte[]> given = new ArrayList<>();

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      super.nextBytes(bytes);
      draws.incrementAndGet();
      given.add(bytes.clone());
    }
  }

  @Test
  void eachIv_isTheNextUnusedSliceOfADraw_andOneDrawServesSixteen() {
    Recording random = new Recording();
    IvSource source = new IvSource(random);
    byte[] out = new byte[5 + AesGcm.IV_BYTES + 3];
    for (int i = 0; i < IvSource.IVS_PER_DRAW * 3; i++) {
      source.next(out, 5);
      int draw = i / IvSource.IVS_PER_DRAW;
      int at = (i % IvSource.IVS_PER_DRAW) * AesGcm.IV_BYTES;
      assertThat(random.draws.get()).isEqualTo(draw + 1);
      assertThat(Arrays.copyOfRange(out, 5, 5 + AesGcm.IV_BYTES))
          .isEqualTo(Arrays.copyOfRange(random.given.get(draw), at, at + AesGcm.IV_BYTES));
    }
    assertThat(random.given).allSatisfy(g -> assertThat(g).hasSize(IvSource.IVS_PER_DRAW * AesGcm.IV_BYTES));
    assertThat(Arrays.copyOfRange(out, 0, 5)).containsOnly(0);
    assertThat(Arrays.copyOfRange(out, 5 + AesGcm.IV_BYTES, out.length)).containsOnly(0);
  }

  @Test
  void manyThreads_neverGetTheSameIv() throws Exception {
    IvSource source = new IvSource(new SecureRandom());
    Set<ByteBuffer> seen = ConcurrentHashMap.newKeySet();
    int threads = 8;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            byte[] iv = new byte[AesGcm.IV_BYTES];
            source.next(iv, 0);
            seen.add(ByteBuffer.wrap(iv));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(threads * perThread);
    Set<Byte> firstBytes = new HashSet<>();
    seen.forEach(b -> firstBytes.add(b.get(0)));
    assertThat(firstBytes).hasSizeGreaterThan(200); // random, not a counter
  }
}
