package io.hiroi.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.crypto.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The flat fast path of {@link TokenPayload} must mean exactly what the strict JSON reader means. */
class TokenPayloadTest {
  /** The general path alone: strict UTF-8, then {@link Json}. */
  static TokenPayload general(byte[] payload) {
    String text = TokenPayload.utf8(payload);
    if (text == null) {
      return TokenPayload.MALFORMED;
    }
    try {
      return TokenPayload.fromJson(Json.parseObject(text));
    } catch (Json.MalformedJsonException e) {
      return TokenPayload.MALFORMED;
    }
  }

  static String describe(TokenPayload c) {
    if (c == TokenPayload.MALFORMED) {
      return "MALFORMED";
    }
    StringBuilder custom = new StringBuilder();
    c.custom.forEach((k, v) -> custom.append(k).append('=').append(v.getClass().getSimpleName()).append(':').append(v).append(';'));
    return "iss=" + c.issuer + " sub=" + c.subject + " aud=" + c.audiences + " iat=" + c.issuedAt + " nbf="
        + c.notBefore + " exp=" + c.expiresAt + " jti=" + c.jwtId + " custom=" + custom;
  }

  /** Returns whether the flat path took the payload; fails if it disagrees with the general path. */
  static boolean assertAgree(byte[] payload) {
    TokenPayload flat = TokenPayload.readFlat(payload);
    TokenPayload general = general(payload);
    if (flat != null) {
      assertThat(describe(flat))
          .as("flat reading of %s", new String(payload, StandardCharsets.ISO_8859_1))
          .isEqualTo(describe(general))
          .isNotEqualTo("MALFORMED");
    }
    assertThat(describe(TokenPayload.read(payload))).isEqualTo(describe(general));
    return flat != null;
  }

  @Test
  void payloadsHiroiSigns_takeTheFlatPath() {
    SignedTokens tokens = SignedTokens.builder(TokenTestSupport.ring1(), TokenTestSupport.PURPOSE).build();
    TokenClaims claims =
        tokens
            .claims(Duration.ofMinutes(5))
            .issuer("https://issuer.example")
            .subject("visitor-7")
            .audience("widget-1")
            .notBefore(java.time.Instant.now())
            .claim("orig", "https://shop.example")
            .claim("n", -5)
            .build();
    byte[] payload = claims.toJson().getBytes(StandardCharsets.UTF_8);
    assertThat(TokenPayload.readFlat(payload).toClaims()).as("read on the flat path").isEqualTo(claims);
    assertThat(assertAgree(payload)).isTrue();
    assertThat(TokenPayload.read(payload).toClaims()).isEqualTo(claims);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"a\":1}",
        "{\"a\":\"\"}",
        "{\"\":\"x\"}",
        "{\"aud\":\"x\",\"exp\":123}",
        "{\"exp\":253402300799}",
        "{\"a\":999999999999999999}",
        "{\"a\":-999999999999999999}",
        "{\"a\":\"~ !#$%&'()*+,-./:;<=>?@[]^_`{|}\"}"
      })
  void flatPayloads_takeTheFlatPath_andAgree(String json) {
    assertThat(assertAgree(json.getBytes(StandardCharsets.UTF_8))).as(json).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "}",
        "{\"a\":-0}",
        "{}}",
        "{ }",
        "{\"a\":1 }",
        "{\"a\" :1}",
        "{\"a\":1,}",
        "{\"a\":1}}",
        "{\"a\":1}x",
        "{\"a\":01}",
        "{\"a\":-}",
        "{\"a\":1.5}",
        "{\"a\":1e3}",
        "{\"a\":1E3}",
        "{\"a\":+1}",
        "{\"a\":\"x}",
        "{\"a\":\"x\\\"\"}",
        "{\"a\":\"\u007f\"}",
        "{\"a\":\"é\"}",
        "{\"a\":true}",
        "{\"a\":null}",
        "{\"a\":[1]}",
        "{\"a\":{}}",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1,\"a\":\"x\"}",
        "{\"exp\":1,\"exp\":1}",
        "{\"exp\":\"1\"}",
        "{\"exp\":-1}",
        "{\"exp\":253402300800}",
        "{\"aud\":[\"x\"]}",
        "{\"aud\":1}",
        "{\"sub\":1}",
        "{\"a\":9223372036854775807}",
        "{\"a\":1234567890123456789}",
        "{\"a\":-9223372036854775808}",
        "{\"a\":99999999999999999999}",
        "[]",
        "{\"a\":1,\"b\"}",
        "{\"a\":1,\"b\":}",
        "{\"a\"}",
        "{a:1}"
      })
  void otherPayloads_leaveTheFlatPath_andAgree(String json) {
    assertThat(assertAgree(json.getBytes(StandardCharsets.UTF_8))).as(json).isFalse();
  }

  @Test
  void randomMutationsOfFlatPayloads_agreeWithTheStrictReader() {
    Random random = new Random(7);
    String[] names = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "x", "orig", ""};
    String[] values = {"\"a\"", "\"\"", "0", "-0", "1", "-7", "1767225600", "253402300799", "\"x y\"", "12345678901234567"};
    String pieces = "{}[]\":,-0123456789 \\aeE.+\u007f";
    int flat = 0;
    for (int i = 0; i < 30_000; i++) {
      StringBuilder json = new StringBuilder("{");
      int members = random.nextInt(5);
      for (int m = 0; m < members; m++) {
        json.append(m == 0 ? "" : ",").append('"').append(names[random.nextInt(names.length)]).append("\":");
        json.append(values[random.nextInt(values.length)]);
      }
      json.append('}');
      int mutations = random.nextInt(3);
      for (int k = 0; k < mutations && json.length() > 0; k++) {
        int at = random.nextInt(json.length());
        switch (random.nextInt(3)) {
          case 0:
            json.deleteCharAt(at);
            break;
          case 1:
            json.insert(at, pieces.charAt(random.nextInt(pieces.length())));
            break;
          default:
            json.setCharAt(at, pieces.charAt(random.nextInt(pieces.length())));
        }
      }
      if (assertAgree(json.toString().getBytes(StandardCharsets.UTF_8))) {
        flat++;
      }
    }
    // The run must exercise the flat path a good deal, not only the general one.
    assertThat(flat).isGreaterThan(5_000);
  }

  @Test
  void invalidUtf8_isMalformed_onEveryPath() {
    byte[] payload = "{\"a\":\"..\"}".getBytes(StandardCharsets.US_ASCII);
    payload[6] = (byte) 0xC3;
    assertThat(TokenPayload.readFlat(payload)).isNull();
    assertThat(TokenPayload.read(payload)).isSameAs(TokenPayload.MALFORMED);
    payload[6] = (byte) 0xC3;
    payload[7] = (byte) 0xA9; // a valid "é"
    assertThat(TokenPayload.read(payload).custom).containsEntry("a", "é");
  }
}
