package io.hiroi.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderValuesTest {
  private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2In0.c2lnbmF0dXJl";

  @Test
  void bearerToken_readsOneWellFormedValue() {
    assertThat(HeaderValues.bearerToken(List.of("Bearer " + JWT))).isEqualTo(JWT);
    assertThat(HeaderValues.bearerToken(List.of("bEaReR " + JWT))).isEqualTo(JWT);
    assertThat(HeaderValues.bearerToken(List.of("Bearer abc+/~-._=="))).isEqualTo("abc+/~-._==");
    String longest = "a".repeat(HeaderValues.MAX_BEARER_TOKEN_LENGTH);
    assertThat(HeaderValues.bearerToken(List.of("Bearer " + longest))).isEqualTo(longest);
  }

  @Test
  void bearerToken_refusesEverythingElse() {
    for (String bad : new String[] {
        "", "Bearer", "Bearer ", "Bearer  " + JWT, " Bearer " + JWT, "Bearer " + JWT + " ", "Bearer " + JWT + "\t",
        "Bearer\t" + JWT, "Basic " + JWT, "BearerX " + JWT, "Bearer ==", "Bearer a=b", "Bearer a,b", "Bearer a\u0000",
        "Bearer \u00e9", "Bearer " + "a".repeat(HeaderValues.MAX_BEARER_TOKEN_LENGTH + 1), "Bearer a b"}) {
      assertThat(HeaderValues.bearerToken(List.of(bad))).as(bad).isNull();
    }
    assertThat(HeaderValues.bearerToken(List.of())).isNull();
    assertThat(HeaderValues.bearerToken(null)).isNull();
    assertThat(HeaderValues.bearerToken(Arrays.asList((String) null))).isNull();
    assertThat(HeaderValues.bearerToken(List.of("Bearer " + JWT, "Bearer " + JWT))).isNull();
  }

  @Test
  void isRequestId_acceptsTheUsualFormats_andNothingThatCouldBreakALogLineOrAHeader() {
    for (String good : new String[] {"a", "0f8fad5b-d9cb-469f-a165-70867728950e", "Root=1-67891233-abcdef012345678912345678",
        "abc+/=", "svc:orders.v2_17", "x".repeat(HeaderValues.MAX_REQUEST_ID_LENGTH)}) {
      assertThat(HeaderValues.isRequestId(good)).as(good).isTrue();
    }
    for (String bad : new String[] {null, "", " ", "a b", "a\r\nb", "a;b", "a,b", "<a>", "\"a\"", "é", "a\u0000",
        "x".repeat(HeaderValues.MAX_REQUEST_ID_LENGTH + 1)}) {
      assertThat(HeaderValues.isRequestId(bad)).as(String.valueOf(bad)).isFalse();
    }
  }
}
