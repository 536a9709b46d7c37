package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The per-event checks written by hand for speed give exactly the answers of the regular
 * expressions and the formatter they replace, on random and edge inputs.
 */
class HandWrittenChecksTest {
  private static final Pattern OUTCOME = Pattern.compile("[a-z_]{1,32}");
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final String ALPHABET = "abzAZ09_.-: =\"'\\\t\nBbEeAaRrSsIiCcDdGgTtOoKkNn\u212a\u017f\u00e9\ud83d\ude00";

  private static String random(SplittableRandom r, int maxLength) {
    int n = r.nextInt(maxLength + 1);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  @Test
  void namesAndOutcomes_matchTheirRegularExpressions() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      String s = random(r, 70);
      assertThat(AuditEvent.isAttributeName(s)).as(s).isEqualTo(ATTRIBUTE_NAME.matcher(s).matches());
      assertThat(AuditEvent.isOutcome(s)).as(s).isEqualTo(OUTCOME.matcher(s).matches());
    }
    for (String s : List.of("", "a", "a".repeat(32), "a".repeat(33), "A".repeat(64), "A".repeat(65), "a_b", "a-b", "Ab")) {
      assertThat(AuditEvent.isAttributeName(s)).as(s).isEqualTo(ATTRIBUTE_NAME.matcher(s).matches());
      assertThat(AuditEvent.isOutcome(s)).as(s).isEqualTo(OUTCOME.matcher(s).matches());
    }
  }

  @Test
  void schemeWords_areFoundExactlyWhereTheRegularExpressionFindsThem() {
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 200_000; i++) {
      String s = random(r, 40);
      if (r.nextInt(4) == 0) {
        String word = List.of("bearer", "BASIC", "DiGeSt", "tokeN", "toke", "beare", "\u212aey").get(r.nextInt(7));
        int at = r.nextInt(s.length() + 1);
        s = s.substring(0, at) + word + s.substring(at);
      }
      assertThat(Redactor.hasSchemeWord(s)).as(s).isEqualTo(Redactor.SCHEME_WORD.matcher(s).find());
    }
  }

  @Test
  void timestamps_areFormattedAsTheFormatterDoes() {
    SplittableRandom r = new SplittableRandom(13);
    List<Instant> edges = List.of(Instant.EPOCH, Instant.parse("1999-12-31T23:59:59.999999999Z"),
        Instant.parse("2026-02-28T00:00:00.000001Z"), Instant.parse("2028-02-29T12:00:00Z"),
        Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999Z"),
        Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"));
    for (Instant at : edges) {
      assertThat(RecordFormat.formatTs(at)).isEqualTo(TS.format(at));
    }
    for (int i = 0; i < 100_000; i++) {
      Instant at = Instant.ofEpochSecond(r.nextLong(-62_167_219_200L, 253_402_300_800L), r.nextInt(1_000_000_000));
      assertThat(RecordFormat.formatTs(at)).isEqualTo(TS.format(at));
    }
  }
}
