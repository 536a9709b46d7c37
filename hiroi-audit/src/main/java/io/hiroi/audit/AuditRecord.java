package io.hiroi.audit;

import java.util.Objects;

/**
 * One link of the audit chain: an {@link AuditEvent} with its {@code seq}, the key id that MACed
 * it, the previous record's {@code mac} ({@code prev}) and its own {@code mac} = lower-case hex of
 * {@code HMAC-SHA256(purpose key "hiroi-audit-chain-v1" of kid, RFC 8785 canonical JSON of the
 * record without mac)} (DESIGN.md, "Audit records"). {@link #json()} is the record as the sinks
 * store it: its canonical JSON with {@code mac}, one line of the file sink, one row of the JDBC
 * sink.
 *
 * <p>Immutable and thread-safe. {@link #toString()} names seq, type and id only.
 */
public final class AuditRecord {
  /** The type of the checkpoint record that starts a chain continuing from an earlier one. */
  public static final String CHECKPOINT_TYPE = "audit.checkpoint";

  private final long seq;
  private final AuditEvent event;
  private final int keyId;
  private final String prev;
  private final String mac;
  private final String json;

  AuditRecord(long seq, AuditEvent event, int keyId, String prev, String mac, String json) {
    this.seq = seq;
    this.event = event;
    this.keyId = keyId;
    this.prev = prev;
    this.mac = mac;
    this.json = json;
  }

  /**
   * Reads a stored record (its form only: the MAC is checked by {@link AuditVerifier}).
   *
   * @param json the stored JSON, as {@link #json()} returns it
   * @return the record, or empty if the text is not a record in its canonical form
   */
  public static java.util.Optional<AuditRecord> parse(String json) {
    try {
      return java.util.Optional.of(RecordFormat.parse(Objects.requireNonNull(json, "json")));
    } catch (RecordFormat.MalformedRecordException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Returns the position in the chain.
   *
   * @return {@code seq}, from 1
   */
  public long seq() {
    return seq;
  }

  /**
   * Returns the event, as written (redacted, PII protected).
   *
   * @return the event
   */
  public AuditEvent event() {
    return event;
  }

  /**
   * Returns the key id whose chain key MACed this record.
   *
   * @return {@code kid}
   */
  public int keyId() {
    return keyId;
  }

  /**
   * Returns the previous record's MAC.
   *
   * @return 64 lower-case hex digits ({@code 0}s for {@code seq} 1)
   */
  public String prev() {
    return prev;
  }

  /**
   * Returns this record's MAC.
   *
   * @return 64 lower-case hex digits
   */
  public String mac() {
    return mac;
  }

  /**
   * Returns the head of a chain ending with this record.
   *
   * @return seq and mac
   */
  public ChainHead head() {
    return ChainHead.of(seq, mac);
  }

  /**
   * Returns the stored form.
   *
   * @return the RFC 8785 canonical JSON of the whole record, {@code mac} included, without a line
   *     end
   */
  public String json() {
    return json;
  }

  /**
   * Two records are equal when their stored forms are.
   *
   * @param other another object
   * @return whether it is an equal record
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof AuditRecord && ((AuditRecord) other).json.equals(json);
  }

  @Override
  public int hashCode() {
    return Objects.hash(json);
  }

  /** Names seq, type and id only. */
  @Override
  public String toString() {
    return "AuditRecord[seq=" + seq + ", " + event.type() + ", " + event.id() + "]";
  }
}
