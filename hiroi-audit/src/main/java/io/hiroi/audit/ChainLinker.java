package io.hiroi.audit;

import io.hiroi.audit.internal.ChainKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * Turns events into the next records of a chain: {@code seq} one past the head, {@code prev} the
 * head's {@code mac}, {@code kid} the key ring's primary, {@code mac} the HMAC of the record's
 * canonical JSON (DESIGN.md, "Audit records"). Each {@link AuditSink} receives one from the {@link
 * AuditLog} and links the batch onto the head it holds (a shared store reads its head under a
 * lock), so the chain algorithm lives here, once, and a sink only stores.
 *
 * <p>Not thread-safe: it holds a {@link Mac}. The log gives each sink its own, used by the log's
 * single writer thread.
 */
public final class ChainLinker {
  /** The attribute of a checkpoint record naming the {@code seq} it continues from. */
  public static final String FROM_SEQ = "from_seq";

  /** The attribute of a checkpoint record naming the {@code mac} it continues from. */
  public static final String FROM_MAC = "from_mac";

  private final ChainKeys keys;
  private final int keyId;
  private final Mac mac;
  private final Clock clock;

  ChainLinker(ChainKeys keys, Clock clock) {
    this.keys = keys;
    this.keyId = keys.primaryKeyId();
    this.mac = keys.mac(keyId);
    this.clock = clock;
  }

  /**
   * Links one event after a head.
   *
   * @param head where the chain stands
   * @param event the (already redacted) event
   * @return the record with {@code seq = head.seq() + 1} and {@code prev = head.mac()}
   */
  public AuditRecord link(ChainHead head, AuditEvent event) {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(event, "event");
    return RecordFormat.link(head.seq() + 1, event, keyId, head.mac(), mac);
  }

  /**
   * Links a checkpoint record ({@value AuditRecord#CHECKPOINT_TYPE}) after a head: a record that
   * names the {@code seq} and {@code mac} it continues from, so that a trail whose older records
   * were purged, or a rotated file read on its own, still verifies from it on.
   *
   * @param head where the chain stands; not the genesis
   * @return the checkpoint record
   * @throws IllegalArgumentException if the head is the genesis (nothing to continue from)
   */
  public AuditRecord checkpoint(ChainHead head) {
    Objects.requireNonNull(head, "head");
    if (head.seq() == 0) {
      throw new IllegalArgumentException("a checkpoint continues a chain; the chain is empty");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    AuditEvent event =
        new AuditEvent(
            io.hiroi.audit.internal.Uuid7.at(now),
            now,
            AuditRecord.CHECKPOINT_TYPE,
            AuditEvent.SUCCESS,
            null,
            null,
            null,
            null,
            null,
            Map.of(FROM_SEQ, head.seq(), FROM_MAC, head.mac()));
    return link(head, event);
  }

  /** Names the key id only. */
  @Override
  public String toString() {
    return "ChainLinker[kid=" + keyId + ", " + keys + "]";
  }
}
