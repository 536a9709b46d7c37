package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.audit.internal.ChainKeys;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.internal.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The record format of DESIGN.md ("Audit records"), checked by recomputing the MAC independently:
 * HKDF-SHA256 of the fake master secret with info "hiroi-audit-chain-v1" and the JDK's HMAC over
 * a canonical text written out by hand here.
 */
class RecordFormatTest {
  private final FakeClock clock = FakeClock.atRecentTime();
  private final KeyRing ring = Trails.ring();

  @Test
  void link_writesTheDesignFormat_andAnIndependentlyComputedMac() throws Exception {
    AuditEvent e =
        AuditEvent.builder(clock, "auth.login.succeeded")
            .outcome("success")
            .actor("user/42")
            .tenant("acme")
            .ip("203.0.113.7")
            .userAgent("ua \"x\"")
            .attribute("method", "password")
            .attribute("n", 7)
            .build();
    AuditRecord r = Trails.linker(ring, clock).link(ChainHead.GENESIS, e);

    String withoutMac =
        "{\"actor\":\"user/42\",\"attrs\":{\"method\":\"password\",\"n\":7},\"id\":\"" + e.id() + "\","
            + "\"ip\":\"203.0.113.7\",\"kid\":1,\"outcome\":\"success\",\"prev\":\"" + "0".repeat(64) + "\","
            + "\"seq\":1,\"target\":null,\"tenant\":\"acme\",\"ts\":\"2026-11-23T10:00:00.123456Z\","
            + "\"type\":\"auth.login.succeeded\",\"ua\":\"ua \\\"x\\\"\"}";
    byte[] master = new byte[32];
    Arrays.fill(master, (byte) 1);
    byte[] key = Hkdf.sha256(master, new byte[0], "hiroi-audit-chain-v1".getBytes(StandardCharsets.US_ASCII), 32);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String expectedMac = HexFormat.of().formatHex(mac.doFinal(withoutMac.getBytes(StandardCharsets.UTF_8)));

    assertThat(r.mac()).isEqualTo(expectedMac);
    assertThat(r.json()).isEqualTo(withoutMac.replace("\"kid\":1,", "\"kid\":1,\"mac\":\"" + expectedMac + "\","));
    assertThat(r.seq()).isEqualTo(1);
    assertThat(r.prev()).isEqualTo("0".repeat(64));
    assertThat(r.keyId()).isEqualTo(1);
    assertThat(r.toString()).isEqualTo("AuditRecord[seq=1, auth.login.succeeded, " + e.id() + "]");
  }

  @Test
  void chainKeys_deriveAsKeyRingDoes() {
    // KeyRing exports host purposes; the same HKDF on the exported master must give the same key.
    byte[] ours = ChainKeysAccess.derive(ring, "host-purpose-v1");
    assertThat(ours).isEqualTo(ring.exportPurposeKey("host-purpose-v1", 1).toByteArray());
  }

  @Test
  void parse_readsBackExactlyWhatLinkWrote() throws Exception {
    AuditRecord r = Trails.linker(ring, clock).link(ChainHead.GENESIS, new PlantedSecrets().event(clock));
    AuditRecord back = RecordFormat.parse(r.json());
    assertThat(back).isEqualTo(r);
    assertThat(back.event()).isEqualTo(r.event());
    assertThat(AuditRecord.parse(r.json())).contains(r);
  }

  @Test
  void parse_refusesAnythingButTheCanonicalRecord() {
    String good = Trails.lines(ring, clock, 1).get(0);
    assertMalformed("", "not JSON");
    assertMalformed("[]", "not JSON");
    assertMalformed(good.replace(",\"ua\":", ", \"ua\":"), "record is not in its canonical form");
    assertMalformed(good.replace("{\"actor\"", "{\"extra\":1,\"actor\""), "members must be exactly the fourteen of the record format");
    assertMalformed(good.replace("\"kid\":1,", ""), "members must be exactly the fourteen of the record format");
    assertMalformed(good.replace("\"seq\":1", "\"seq\":0"), "seq must be an integer from 1 to 9007199254740991");
    assertMalformed(good.replace("\"seq\":1", "\"seq\":1.0"), "not JSON");
    assertMalformed(good.replace("\"kid\":1", "\"kid\":-1"), "kid must be an integer from 0 to 2147483647");
    assertMalformed(good.replace("\"type\":\"auth.login.succeeded\"", "\"type\":\"Auth\""), "event type must be");
    assertMalformed(good.replaceAll("(\\.\\d{3})\\d{3}Z", "$1Z"), "ts is not RFC 3339 UTC with microseconds");
    assertMalformed(good.replace("\"attrs\":{\"n\":1}", "\"attrs\":{\"n\":[1]}"), "attribute values must be strings, integers or booleans");
    assertMalformed(good.replace("\"prev\":\"0", "\"prev\":\"A"), "prev and mac must be 64 lower-case hex digits");
    assertMalformed(good.replace("\"actor\":\"user/1\"", "\"actor\":1"), "actor must be a string or null");
    assertMalformed(good.replace("\"actor\"", "\"actor\":null,\"actor\""), "not JSON");
    assertThat(AuditRecord.parse("x")).isEmpty();
  }

  private static void assertMalformed(String json, String message) {
    assertThatThrownBy(() -> RecordFormat.parse(json))
        .isInstanceOf(RecordFormat.MalformedRecordException.class)
        .hasMessageStartingWith(message);
  }

  /** Reaches the package-private derivation of ChainKeys for the cross-check. */
  static final class ChainKeysAccess {
    static byte[] derive(KeyRing ring, String purpose) {
      return io.hiroi.audit.internal.ChainKeysTestBridge.derive(ring, purpose);
    }
  }

  @Test
  void parse_refusesAnAttributeOfLongMinValue_asMalformed_withoutThrowingAnythingElse() {
    AuditRecord r = Trails.linker(ring, clock).link(ChainHead.GENESIS, AuditEvent.builder(clock, "x").attribute("n", 5).build());
    String edited = r.json().replace("\"n\":5", "\"n\":-9223372036854775808");
    assertThatThrownBy(() -> RecordFormat.parse(edited))
        .isInstanceOf(RecordFormat.MalformedRecordException.class)
        .hasMessage("attribute integer beyond 2^53 - 1");
    assertThat(AuditRecord.parse(edited)).isEmpty();
  }

  @Test
  void checkFits_refusesAnEventWhoseRecordTheVerifierCouldNotRead() {
    String controls = "\u0001".repeat(AuditEvent.MAX_VALUE_LENGTH);
    AuditEvent.Builder b = AuditEvent.builder(clock, "x").actor(controls).target(controls).tenant(controls).userAgent(controls);
    for (int i = 0; i < 20; i++) {
      b.attribute("a" + i, controls);
    }
    AuditEvent huge = b.build();
    assertThatThrownBy(() -> RecordFormat.checkFits(huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the event's record would be ")
        .hasMessageEndingWith(" characters, more than the 262144 a record may have");
    // Large but within the limit (the exact length is measured): accepted, and its record parses.
    AuditEvent.Builder fits = AuditEvent.builder(clock, "x");
    for (int i = 0; i < 20; i++) {
      fits.attribute("a" + i, "\u0001".repeat(2000));
    }
    AuditEvent large = fits.build();
    RecordFormat.checkFits(large);
    AuditRecord r = Trails.linker(ring, clock).link(ChainHead.GENESIS, large);
    assertThat(r.json().length()).isGreaterThan(200_000).isLessThanOrEqualTo(RecordFormat.MAX_RECORD_CHARS);
    assertThat(AuditRecord.parse(r.json())).isPresent();
  }

  @Test
  void readLine_boundsTheLine_andReadsEveryTerminator() throws Exception {
    String text = "a\r\nb\rc\n" + "x".repeat(RecordFormat.MAX_RECORD_CHARS + 10) + "\nd";
    java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.StringReader(text));
    assertThat(RecordFormat.readLine(reader)).isEqualTo("a");
    assertThat(RecordFormat.readLine(reader)).isEqualTo("b");
    assertThat(RecordFormat.readLine(reader)).isEqualTo("c");
    String overlong = RecordFormat.readLine(reader);
    assertThat(overlong).isSameAs(RecordFormat.OVERLONG_LINE);
    assertThatThrownBy(() -> RecordFormat.parse(overlong)).hasMessage("record longer than 262144 characters");
    assertThat(RecordFormat.readLine(reader)).isEqualTo("d");
    assertThat(RecordFormat.readLine(reader)).isNull();
    java.io.BufferedReader exact = new java.io.BufferedReader(new java.io.StringReader("x".repeat(RecordFormat.MAX_RECORD_CHARS)));
    assertThat(RecordFormat.readLine(exact)).hasSize(RecordFormat.MAX_RECORD_CHARS);
  }
}
