package io.hiroi.audit;

import io.hiroi.audit.internal.Jcs;
import io.hiroi.crypto.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;

/**
 * The record wire format of DESIGN.md ("Audit records"): writes a record's RFC 8785 canonical JSON
 * (the members in their sorted order, written directly) and its MAC, and reads a stored record
 * back strictly: exactly the fourteen members, each of its type, and the text must be the
 * canonical form itself, so that one record has one stored form. Stateless and thread-safe.
 */
final class RecordFormat {
  static final String ZERO_MAC = ChainHead.GENESIS.mac();
  static final int MAX_RECORD_CHARS = 256 * 1024;

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern TS_TEXT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final Set<String> MEMBERS =
      Set.of("seq", "id", "ts", "type", "outcome", "actor", "target", "tenant", "ip", "ua", "attrs", "kid", "prev", "mac");
  private static final HexFormat HEX = HexFormat.of();

  private RecordFormat() {}

  static String formatTs(Instant at) {
    return appendTs(new StringBuilder(27), at).toString();
  }

  /**
   * Appends {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'} in UTC, as {@link #TS} formats it, without the
   * formatter's per-call objects (this runs for every record); years outside 0000-9999 go to the
   * formatter.
   */
  static StringBuilder appendTs(StringBuilder out, Instant at) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(), ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      return out.append(TS.format(at));
    }
    digits(out, year, 4).append('-');
    digits(out, t.getMonthValue(), 2).append('-');
    digits(out, t.getDayOfMonth(), 2).append('T');
    digits(out, t.getHour(), 2).append(':');
    digits(out, t.getMinute(), 2).append(':');
    digits(out, t.getSecond(), 2).append('.');
    return digits(out, at.getNano() / 1000, 6).append('Z');
  }

  private static StringBuilder digits(StringBuilder out, int value, int width) {
    for (int div = pow10(width - 1); div > 0; div /= 10) {
      out.append((char) ('0' + value / div % 10));
    }
    return out;
  }

  private static int pow10(int n) {
    int p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }

  /**
   * What {@link #readLine} returns for a line longer than any record: not a line a reader could
   * return (it holds a line break), and {@link #parse} reports it as too long.
   */
  static final String OVERLONG_LINE = "\n(a line longer than a record)";

  /**
   * Reads a line as {@link java.io.BufferedReader#readLine} does, but never holds more than {@link
   * #MAX_RECORD_CHARS} + 1 characters of it: a longer line (a multi-gigabyte file without a line
   * break, say) is skipped to its end and returned as {@link #OVERLONG_LINE}.
   *
   * @return the line without its terminator, {@link #OVERLONG_LINE}, or {@code null} at the end
   */
  static String readLine(java.io.BufferedReader reader) throws java.io.IOException {
    StringBuilder line = new StringBuilder(512);
    boolean overlong = false;
    int c;
    while ((c = reader.read()) >= 0) {
      if (c == '\n') {
        break;
      }
      if (c == '\r') {
        reader.mark(1);
        if (reader.read() != '\n') {
          reader.reset();
        }
        break;
      }
      if (line.length() <= MAX_RECORD_CHARS) {
        line.append((char) c);
      } else {
        overlong = true;
      }
    }
    if (c < 0 && line.length() == 0 && !overlong) {
      return null;
    }
    return overlong || line.length() > MAX_RECORD_CHARS ? OVERLONG_LINE : line.toString();
  }

  /** More than the fixed part of any record: member names, punctuation, id, ts, seq, kid, prev, mac. */
  private static final int FIXED_CHARS = 1024;

  /**
   * Refuses an event whose record would be longer than {@link #MAX_RECORD_CHARS}, which the
   * verifier (and a sink reopening its trail) refuses to read: checked on the caller's thread, so
   * that one oversized event fails alone instead of poisoning a batch or the trail. A cheap upper
   * bound (six characters per character, as a control character written as a six-character escape) settles nearly
   * every event; only a large one is written out to measure it.
   *
   * @throws IllegalArgumentException if the record would be too long
   */
  static void checkFits(AuditEvent event) {
    long worst = FIXED_CHARS + worst(event.type()) + worst(event.rawOutcome()) + worst(event.rawActor()) + worst(event.rawTarget())
        + worst(event.rawTenant()) + worst(event.rawIp()) + worst(event.rawUserAgent());
    for (Map.Entry<String, Object> e : event.attributes().entrySet()) {
      worst += worst(e.getKey()) + 4 + (e.getValue() instanceof String ? worst((String) e.getValue()) : 24);
    }
    if (worst <= MAX_RECORD_CHARS) {
      return;
    }
    int length = canonical(Jcs.MAX_SAFE_INTEGER, event, Integer.MAX_VALUE, ZERO_MAC, ZERO_MAC).length();
    if (length > MAX_RECORD_CHARS) {
      throw new IllegalArgumentException(
          "the event's record would be " + length + " characters, more than the " + MAX_RECORD_CHARS + " a record may have");
    }
  }

  private static long worst(String s) {
    return s == null ? 4 : 6L * s.length() + 2;
  }

  /** Formats, MACs and returns the record. */
  static AuditRecord link(long seq, AuditEvent event, int keyId, String prev, Mac mac) {
    StringBuilder out = new StringBuilder(320);
    int split = withoutMac(out, seq, event, keyId, prev);
    String macHex = HEX.formatHex(mac.doFinal(out.toString().getBytes(StandardCharsets.UTF_8)));
    out.insert(split, ",\"mac\":\"" + macHex + "\"");
    return new AuditRecord(seq, event, keyId, prev, macHex, out.toString());
  }

  /**
   * Writes the canonical JSON of a record without its mac member (the MAC input) and returns the
   * offset where the mac member goes: after kid, before outcome, in RFC 8785 member order.
   */
  private static int withoutMac(StringBuilder out, long seq, AuditEvent event, int keyId, String prev) {
    out.append("{\"actor\":");
    nullable(out, event.rawActor());
    out.append(",\"attrs\":");
    Jcs.write(out, event.attributes());
    out.append(",\"id\":\"").append(event.id()).append("\",\"ip\":");
    nullable(out, event.rawIp());
    out.append(",\"kid\":").append(keyId);
    int split = out.length();
    out.append(",\"outcome\":");
    nullable(out, event.rawOutcome());
    out.append(",\"prev\":\"").append(prev).append("\",\"seq\":");
    Jcs.integer(out, seq);
    out.append(",\"target\":");
    nullable(out, event.rawTarget());
    out.append(",\"tenant\":");
    nullable(out, event.rawTenant());
    appendTs(out.append(",\"ts\":\""), event.timestamp()).append("\",\"type\":");
    Jcs.string(out, event.type());
    out.append(",\"ua\":");
    nullable(out, event.rawUserAgent());
    out.append('}');
    return split;
  }

  /** The event's fields as one canonical JSON object, without any chain member (for SLF4J). */
  static String eventJson(AuditEvent event) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"actor\":");
    nullable(out, event.rawActor());
    out.append(",\"attrs\":");
    Jcs.write(out, event.attributes());
    out.append(",\"id\":\"").append(event.id()).append("\",\"ip\":");
    nullable(out, event.rawIp());
    out.append(",\"outcome\":");
    nullable(out, event.rawOutcome());
    out.append(",\"target\":");
    nullable(out, event.rawTarget());
    out.append(",\"tenant\":");
    nullable(out, event.rawTenant());
    appendTs(out.append(",\"ts\":\""), event.timestamp()).append("\",\"type\":");
    Jcs.string(out, event.type());
    out.append(",\"ua\":");
    nullable(out, event.rawUserAgent());
    return out.append('}').toString();
  }

  /** The MAC a record should carry, recomputed from its fields. */
  static String expectedMac(AuditRecord record, Mac mac) {
    return link(record.seq(), record.event(), record.keyId(), record.prev(), mac).mac();
  }

  private static void nullable(StringBuilder out, String value) {
    if (value == null) {
      out.append("null");
    } else {
      Jcs.string(out, value);
    }
  }

  /** Thrown for a stored record that is not in the format; the message holds no content. */
  static final class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRecordException(String message) {
      super(message);
    }
  }

  /**
   * Reads a stored record. The MAC is not checked here (the verifier does), but the text must be
   * the record's canonical form, which {@link #link} would write for these fields.
   */
  static AuditRecord parse(String json) throws MalformedRecordException {
    if (json.length() > MAX_RECORD_CHARS || OVERLONG_LINE.equals(json)) {
      throw new MalformedRecordException("record longer than " + MAX_RECORD_CHARS + " characters");
    }
    Map<String, Object> m;
    try {
      m = Json.parseObject(json);
    } catch (Json.MalformedJsonException e) {
      throw new MalformedRecordException("not JSON: " + e.getMessage());
    }
    if (!m.keySet().equals(MEMBERS)) {
      throw new MalformedRecordException("members must be exactly the fourteen of the record format");
    }
    long seq = integer(m, "seq", 1, Jcs.MAX_SAFE_INTEGER);
    long kid = integer(m, "kid", 0, Integer.MAX_VALUE);
    String id = text(m, "id", false);
    if (!UUID_TEXT.matcher(id).matches()) {
      throw new MalformedRecordException("id is not a lower-case UUIDv7");
    }
    String ts = text(m, "ts", false);
    Instant instant;
    try {
      if (!TS_TEXT.matcher(ts).matches()) {
        throw new MalformedRecordException("ts is not RFC 3339 UTC with microseconds");
      }
      instant = Instant.parse(ts);
    } catch (java.time.format.DateTimeParseException e) {
      throw new MalformedRecordException("ts is not a valid time");
    }
    String type = text(m, "type", false);
    String outcome = text(m, "outcome", true);
    try {
      AuditEvent.checkType(type);
      if (outcome != null) {
        AuditEvent.checkOutcome(outcome);
      }
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException(e.getMessage());
    }
    String prev = text(m, "prev", false);
    String mac = text(m, "mac", false);
    if (!ChainHead.MAC_HEX.matcher(prev).matches() || !ChainHead.MAC_HEX.matcher(mac).matches()) {
      throw new MalformedRecordException("prev and mac must be 64 lower-case hex digits");
    }
    if (!(m.get("attrs") instanceof Map)) {
      throw new MalformedRecordException("attrs must be an object");
    }
    Map<String, Object> attrs = new TreeMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) m.get("attrs")).entrySet()) {
      Object v = e.getValue();
      if (!(v instanceof String || v instanceof Long || v instanceof Boolean)) {
        throw new MalformedRecordException("attribute values must be strings, integers or booleans");
      }
      if (v instanceof Long && ((Long) v < -Jcs.MAX_SAFE_INTEGER || (Long) v > Jcs.MAX_SAFE_INTEGER)) {
        throw new MalformedRecordException("attribute integer beyond 2^53 - 1");
      }
      attrs.put((String) e.getKey(), v);
    }
    AuditEvent event =
        new AuditEvent(
            UUID.fromString(id),
            instant,
            type,
            outcome,
            text(m, "actor", true),
            text(m, "target", true),
            text(m, "tenant", true),
            text(m, "ip", true),
            text(m, "ua", true),
            attrs);
    String canonical;
    try {
      canonical = canonical(seq, event, (int) kid, prev, mac);
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException("record has a value the format cannot write: " + e.getMessage());
    }
    if (!canonical.equals(json)) {
      throw new MalformedRecordException("record is not in its canonical form");
    }
    return new AuditRecord(seq, event, (int) kid, prev, mac, json);
  }

  /** The canonical text for given fields and a given mac, without computing any MAC. */
  private static String canonical(long seq, AuditEvent event, int kid, String prev, String macHex) {
    StringBuilder out = new StringBuilder(320);
    int split = withoutMac(out, seq, event, kid, prev);
    out.insert(split, ",\"mac\":\"" + macHex + "\"");
    return out.toString();
  }

  private static long integer(Map<String, Object> m, String name, long min, long max) throws MalformedRecordException {
    Object v = m.get(name);
    if (!(v instanceof Long) || (Long) v < min || (Long) v > max) {
      throw new MalformedRecordException(name + " must be an integer from " + min + " to " + max);
    }
    return (Long) v;
  }

  private static String text(Map<String, Object> m, String name, boolean nullable) throws MalformedRecordException {
    Object v = m.get(name);
    if (v == Json.NULL && nullable) {
      return null;
    }
    if (!(v instanceof String)) {
      throw new MalformedRecordException(name + (nullable ? " must be a string or null" : " must be a string"));
    }
    return (String) v;
  }
}
