package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hiroi.servlet.internal.HeaderValues;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the readers of client-written headers the new filters use: the {@code Authorization:
 * Bearer} reader never throws and answers only a token that is a suffix of the one value it was
 * given, made of b64token characters and bounded; the request-id check never throws and accepts
 * only bounded ids of its charset.
 */
class HeaderValuesFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void bearerToken_neverThrows_andOnlyAnswersABoundedB64Token(FuzzedDataProvider data) {
    int count = data.consumeInt(0, 3);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(data.consumeBoolean() ? "Bearer " + data.consumeString(5000) : data.consumeString(5000));
    }
    String token = HeaderValues.bearerToken(values);
    if (token != null) {
      assertThat(values).hasSize(1);
      assertThat(values.get(0)).endsWith(token).hasSize(token.length() + "Bearer ".length());
      assertThat(token).hasSizeBetween(1, HeaderValues.MAX_BEARER_TOKEN_LENGTH).matches("[A-Za-z0-9\\-._~+/]+=*");
    }
  }

  @FuzzTest(maxDuration = "20s")
  void isRequestId_neverThrows_andOnlyAcceptsItsCharset(FuzzedDataProvider data) {
    String id = data.consumeRemainingAsString();
    if (HeaderValues.isRequestId(id)) {
      assertThat(id).hasSizeBetween(1, HeaderValues.MAX_REQUEST_ID_LENGTH).matches("[A-Za-z0-9\\-_.:=+/]+");
    }
  }
}
