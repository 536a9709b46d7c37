package io.hiroi.audit;

import io.hiroi.audit.internal.ChainKeys;
import io.hiroi.crypto.KeyRing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: an obviously fake key ring and trails linked in memory. */
final class Trails {
  private Trails() {}

  /** A ring with one fake key (bytes 0x01 repeated), key id 1. */
  static KeyRing ring() {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 1);
    return KeyRing.builder().addKey(1, secret).primary(1).build();
  }

  static ChainLinker linker(KeyRing ring, FakeClock clock) {
    return new ChainLinker(ChainKeys.of(ring), clock);
  }

  static AuditEvent event(FakeClock clock, int i) {
    clock.advance(java.time.Duration.ofMillis(1));
    return AuditEvent.builder(clock, "auth.login.succeeded")
        .outcome(AuditEvent.SUCCESS)
        .actor("user/" + i)
        .tenant("acme")
        .ip("203.0.113." + (i % 250))
        .userAgent("Mozilla/5.0 (X11; Linux x86_64)")
        .attribute("n", i)
        .build();
  }

  /** A trail of n records from seq 1, as stored JSON. */
  static List<String> lines(KeyRing ring, FakeClock clock, int n) {
    ChainLinker linker = linker(ring, clock);
    List<String> lines = new ArrayList<>();
    ChainHead head = ChainHead.GENESIS;
    for (int i = 1; i <= n; i++) {
      AuditRecord r = linker.link(head, event(clock, i));
      lines.add(r.json());
      head = r.head();
    }
    return lines;
  }
}
