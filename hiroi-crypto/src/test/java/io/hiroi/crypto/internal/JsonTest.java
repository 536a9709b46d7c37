package io.hiroi.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  @Test
  void parse_readsEveryAcceptedType_inDocumentOrder() throws Exception {
    Map<String, Object> doc =
        Json.parseObject(
            " {\"s\":\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\",\"n\":-42,\"z\":0,\"t\":true,\"f\":false,"
                + "\"nil\":null,\"arr\":[1,\"x\",[]],\"obj\":{}} ");
    assertThat(doc.keySet()).containsExactly("s", "n", "z", "t", "f", "nil", "arr", "obj");
    assertThat(doc.get("s")).isEqualTo("a\"b\\c/\n\u00e9\ud83d\ude00");
    assertThat(doc.get("n")).isEqualTo(-42L);
    assertThat(doc.get("z")).isEqualTo(0L);
    assertThat(doc.get("t")).isEqualTo(Boolean.TRUE);
    assertThat(doc.get("f")).isEqualTo(Boolean.FALSE);
    assertThat(doc.get("nil")).isSameAs(Json.NULL);
    assertThat(doc.get("arr")).isEqualTo(List.of(1L, "x", List.of()));
    assertThat(doc.get("obj")).isEqualTo(Map.of());
    assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "{",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1}x",
        "{\"a\":1,}",
        "[1,]",
        "{'a':1}",
        "{\"a\":01}",
        "{\"a\":+1}",
        "{\"a\":1.5}",
        "{\"a\":1e3}",
        "{\"a\":-}",
        "{\"a\":9223372036854775808}",
        "{\"a\":12345678901234567890123}",
        "{\"a\":\"\u0001\"}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\uzzzz\"}",
        "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00x\"}",
        "{\"a\":\"unterminated}",
        "{\"a\":tru}",
        "{\"a\":nul}",
        "{a:1}",
        "{\"a\" 1}",
        "[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]",
        "\"\\",
        "{\"a\":-0}",
        "\"\\u\u0660\u0660\u0664\u0661\"",
        "\"\\u\uff10\uff10\uff14\uff11\"",
      })
  void parse_rejectsMalformedOrAmbiguousDocuments(String text) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessageContaining(" at offset ");
  }

  @Test
  void parse_rejectsDuplicateNames_evenWhenEscapedDifferently() {
    assertThatThrownBy(() -> Json.parse("{\"alg\":\"HS256\",\"al\\u0067\":\"none\"}"))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessage("duplicate member name at offset 15");
  }

  @Test
  void parse_acceptsSixteenLevels_rejectsSeventeen() throws Exception {
    assertThat(Json.parse("[".repeat(16) + "]".repeat(16))).isInstanceOf(List.class);
    assertThatThrownBy(() -> Json.parse("[".repeat(17) + "]".repeat(17)))
        .hasMessage("nesting deeper than 16 at offset 16");
  }

  @Test
  void parseObject_rejectsNonObjects() {
    assertThatThrownBy(() -> Json.parseObject("[]")).hasMessage("expected an object at offset 0");
  }

  @Test
  void quote_escapesWhatJsonRequires_andRoundTrips() throws Exception {
    String value = "q\"b\\s\n\r\t\b\f\u0001\u001f\u00e9/<";
    String quoted = Json.quote(new StringBuilder(), value).toString();
    assertThat(quoted).isEqualTo("\"q\\\"b\\\\s\\n\\r\\t\\b\\f\\u0001\\u001f\u00e9/<\"");
    assertThat(Json.parse(quoted)).isEqualTo(value);
  }

  @Test
  void errors_neverEchoTheDocument() {
    assertThatThrownBy(() -> Json.parse("{\"secret\":\"hunter2\" oops}"))
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("secret");
  }

  @Test
  void parse_staysLinear_forManyEscapedStrings() throws Exception {
    // Review finding: each escaped string pre-allocated the rest of the document (quadratic).
    String doc = "[" + String.join(",", java.util.Collections.nCopies(50_000, "\"\\n\"")) + "]";
    long start = System.nanoTime();
    assertThat((List<?>) Json.parse(doc)).hasSize(50_000);
    // Linear parsing takes a few milliseconds; the quadratic version took seconds at this size.
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(2));
  }
}
