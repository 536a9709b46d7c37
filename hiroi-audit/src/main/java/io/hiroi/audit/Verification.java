package io.hiroi.audit;

import java.util.Optional;

/**
 * The result of {@link AuditVerifier}: either the trail verified (how many records, from which
 * {@code seq} to which, whether it starts at a retention checkpoint, and its head), or the first
 * record where it breaks, why, and a short detail for logs and the command line. The detail names
 * seq numbers, file names and member names only, never record content.
 *
 * <p>Immutable and thread-safe.
 */
public final class Verification {
  /** Why a trail does not verify. */
  public enum Reason {
    /** A record's MAC does not match its content: it was changed (or forged). */
    CHANGED,
    /** Records are missing: the next {@code seq} is further on, and the missing one is nowhere later. */
    DELETED,
    /** A record is there that does not belong: a forged or copied record before the genuine one. */
    INSERTED,
    /** Records are out of order: the expected {@code seq} comes later. */
    REORDERED,
    /** The trail ends before the signed head checkpoint: records were cut off the end. */
    TRUNCATED,
    /** A stored record is not in the record format (not JSON, a missing member, not canonical). */
    MALFORMED,
    /** A record is MACed under a key id that the key ring does not hold. */
    UNKNOWN_KEY,
    /** The head checkpoint's signature does not verify. */
    BAD_CHECKPOINT,
    /**
     * The trail starts after the signed head checkpoint's {@code seq} and does not continue from
     * exactly the record it signed, so nothing in the trail confirms the checkpoint: the records up
     * to it, and a fork after them, may have been rewritten. Verify against a newer checkpoint.
     */
    UNCONFIRMED,
    /** The trail could not be read (an I/O or SQL error). */
    UNREADABLE
  }

  private final boolean valid;
  private final long count;
  private final long firstSeq;
  private final boolean fromCheckpoint;
  private final ChainHead head;
  private final Reason reason;
  private final long brokenSeq;
  private final String detail;

  private Verification(
      boolean valid, long count, long firstSeq, boolean fromCheckpoint, ChainHead head, Reason reason, long brokenSeq, String detail) {
    this.valid = valid;
    this.count = count;
    this.firstSeq = firstSeq;
    this.fromCheckpoint = fromCheckpoint;
    this.head = head;
    this.reason = reason;
    this.brokenSeq = brokenSeq;
    this.detail = detail;
  }

  static Verification valid(long count, long firstSeq, boolean fromCheckpoint, ChainHead head) {
    return new Verification(true, count, firstSeq, fromCheckpoint, head, null, 0, null);
  }

  static Verification broken(long count, Reason reason, long brokenSeq, String detail) {
    return new Verification(false, count, 0, false, null, reason, brokenSeq, detail);
  }

  /**
   * Tells whether the whole trail verified.
   *
   * @return {@code true} if every record verified and links to the one before
   */
  public boolean isValid() {
    return valid;
  }

  /**
   * Returns how many records verified: all of them for a valid trail, the ones before the break
   * otherwise.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * Returns the first record's {@code seq}: 1, or more when the trail starts at a checkpoint.
   *
   * @return the first seq, 0 for an empty or broken trail
   */
  public long firstSeq() {
    return firstSeq;
  }

  /**
   * Tells whether the trail starts at a retention checkpoint (older records purged, or one
   * rotated file read on its own) rather than at {@code seq} 1.
   *
   * @return whether the first record is a checkpoint continuing an earlier chain
   */
  public boolean startsAtCheckpoint() {
    return fromCheckpoint;
  }

  /**
   * Returns the head of a valid trail.
   *
   * @return the last record's seq and mac ({@link ChainHead#GENESIS} when empty); empty when broken
   */
  public Optional<ChainHead> head() {
    return Optional.ofNullable(head);
  }

  /**
   * Returns why the trail broke.
   *
   * @return the reason, empty when valid
   */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * Returns the {@code seq} where the trail broke: the first record that did not verify, or the
   * first one missing.
   *
   * @return the seq, 0 when valid
   */
  public long brokenSeq() {
    return brokenSeq;
  }

  /**
   * Returns one line for a log or the command line.
   *
   * @return "N records verified (seq A to B)" or "broken at seq S: REASON (detail)"
   */
  public String describe() {
    if (valid) {
      if (count == 0) {
        return "0 records verified (empty trail)";
      }
      return count + " records verified (seq " + firstSeq + " to " + head.seq() + (fromCheckpoint ? ", starting at a checkpoint" : "") + ")";
    }
    return "broken at seq " + brokenSeq + ": " + reason + " (" + detail + ")";
  }

  @Override
  public String toString() {
    return "Verification[" + describe() + "]";
  }
}
