package io.hiroi.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the strict JSON reader: any text either parses to the documented types or is refused
 * with {@link Json.MalformedJsonException}; nothing else may escape (no stack overflow, no
 * runtime exception). A parsed string member re-quoted with {@link Json#quote} parses back equal.
 */
class JsonFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void parse_returnsDocumentedTypesOrRefuses(String text) {
    if (text == null) {
      return; // Jazzer also tries null; Json.parse rejects it with NullPointerException by contract
    }
    Object value;
    try {
      value = Json.parse(text);
    } catch (Json.MalformedJsonException expected) {
      return;
    }
    assertDocumentedTypes(value);
  }

  private static void assertDocumentedTypes(Object value) {
    if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        assertThat(e.getKey()).isInstanceOf(String.class);
        assertDocumentedTypes(e.getValue());
      }
    } else if (value instanceof List) {
      ((List<?>) value).forEach(JsonFuzzTest::assertDocumentedTypes);
    } else if (value instanceof String) {
      try {
        assertThat(Json.parse(Json.quote(new StringBuilder(), (String) value).toString())).isEqualTo(value);
      } catch (Json.MalformedJsonException e) {
        throw new AssertionError("a parsed string did not survive quote and parse", e);
      }
    } else {
      assertThat(value).satisfiesAnyOf(
          v -> assertThat(v).isInstanceOf(Long.class),
          v -> assertThat(v).isInstanceOf(Boolean.class),
          v -> assertThat(v).isSameAs(Json.NULL));
    }
  }
}
