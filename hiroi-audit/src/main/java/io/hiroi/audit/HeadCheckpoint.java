package io.hiroi.audit;

import io.hiroi.audit.internal.Jcs;
import io.hiroi.crypto.internal.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A signed statement of where a trail stood: its last {@code seq}, that record's {@code mac} and
 * the record count, signed with {@code HMAC-SHA256(purpose key "hiroi-audit-head-v1" of kid, ...)}.
 * Kept apart from the log (a ticket, another system, a printout), it lets {@link AuditVerifier}
 * catch what the chain alone cannot: records cut off the end ({@link Verification.Reason#TRUNCATED})
 * or a trail rewritten from some point on ({@link Verification.Reason#CHANGED} at the checkpoint's
 * seq).
 *
 * <p>The exported form is one line of RFC 8785 canonical JSON: {@code
 * {"count":N,"kid":K,"mac":"<hex>","seq":S,"sig":"<hex>","ts":"<RFC 3339>","v":1}}, where {@code
 * sig} is the HMAC of the same object without {@code sig}. {@link #parse(String)} checks the form
 * only; {@link AuditVerifier#isAuthentic(HeadCheckpoint)} checks the signature.
 *
 * <p>Immutable and thread-safe.
 */
public final class HeadCheckpoint {
  private static final Set<String> MEMBERS = Set.of("count", "kid", "mac", "seq", "sig", "ts", "v");

  private final long seq;
  private final long count;
  private final String mac;
  private final int keyId;
  private final Instant at;
  private final String signature;

  HeadCheckpoint(long seq, long count, String mac, int keyId, Instant at, String signature) {
    this.seq = seq;
    this.count = count;
    this.mac = mac;
    this.keyId = keyId;
    this.at = at;
    this.signature = signature;
  }

  /**
   * Reads an exported checkpoint (its form only; the signature is checked by the verifier).
   *
   * @param text the exported line, with or without a trailing line end
   * @return the checkpoint, or empty if the text is not one
   */
  public static Optional<HeadCheckpoint> parse(String text) {
    Objects.requireNonNull(text, "text");
    String line = text.strip();
    if (line.length() > 1024) {
      return Optional.empty();
    }
    try {
      Map<String, Object> m = Json.parseObject(line);
      if (!m.keySet().equals(MEMBERS) || !Long.valueOf(1).equals(m.get("v"))) {
        return Optional.empty();
      }
      Object seq = m.get("seq");
      Object count = m.get("count");
      Object kid = m.get("kid");
      Object mac = m.get("mac");
      Object sig = m.get("sig");
      Object ts = m.get("ts");
      if (!(seq instanceof Long) || !(count instanceof Long) || !(kid instanceof Long)
          || !(mac instanceof String) || !(sig instanceof String) || !(ts instanceof String)) {
        return Optional.empty();
      }
      long s = (Long) seq;
      long c = (Long) count;
      long k = (Long) kid;
      if (s < 0 || s > Jcs.MAX_SAFE_INTEGER || c < 0 || c > s || k < 0 || k > Integer.MAX_VALUE
          || !ChainHead.MAC_HEX.matcher((String) mac).matches()
          || !ChainHead.MAC_HEX.matcher((String) sig).matches()) {
        return Optional.empty();
      }
      HeadCheckpoint cp = new HeadCheckpoint(s, c, (String) mac, (int) k, Instant.parse((String) ts), (String) sig);
      return cp.export().equals(line) ? Optional.of(cp) : Optional.empty();
    } catch (Json.MalformedJsonException | java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The signed text: the canonical JSON without sig. */
  String signedText() {
    return Jcs.write(members(false));
  }

  private Map<String, Object> members(boolean withSignature) {
    Map<String, Object> m = new TreeMap<>();
    m.put("v", 1L);
    m.put("seq", seq);
    m.put("count", count);
    m.put("mac", mac);
    m.put("kid", (long) keyId);
    m.put("ts", RecordFormat.formatTs(at));
    if (withSignature) {
      m.put("sig", signature);
    }
    return m;
  }

  /**
   * Returns the exported form.
   *
   * @return one line of canonical JSON, without a line end
   */
  public String export() {
    return Jcs.write(members(true));
  }

  /**
   * Returns the last {@code seq} the trail held.
   *
   * @return the seq
   */
  public long seq() {
    return seq;
  }

  /**
   * Returns how many records the trail held (fewer than {@link #seq()} after a purge).
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * Returns the last record's MAC.
   *
   * @return 64 lower-case hex digits
   */
  public String mac() {
    return mac;
  }

  /**
   * Returns the key id whose head key signed this checkpoint.
   *
   * @return the key id
   */
  public int keyId() {
    return keyId;
  }

  /**
   * Returns when the checkpoint was made.
   *
   * @return the instant
   */
  public Instant createdAt() {
    return at;
  }

  String signature() {
    return signature;
  }

  /**
   * Two checkpoints are equal when their exported forms are.
   *
   * @param other another object
   * @return whether it is an equal checkpoint
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof HeadCheckpoint && ((HeadCheckpoint) other).export().equals(export());
  }

  @Override
  public int hashCode() {
    return export().hashCode();
  }

  @Override
  public String toString() {
    return "HeadCheckpoint[seq=" + seq + ", count=" + count + ", kid=" + keyId + "]";
  }
}
