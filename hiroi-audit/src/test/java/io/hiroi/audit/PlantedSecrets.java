package io.hiroi.audit;

import io.hiroi.crypto.ApiKeys;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.SignedTokens;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Real-looking secrets made by hiroi-crypto and the JDK (an HS256 JWT, a hiroi API key, random
 * base64, base64url and hex), and an event that carries them in every field; tests assert that
 * none of them reaches a sink.
 */
final class PlantedSecrets {
  final String jwt;
  final String apiKey;
  final String bearer;
  final String base64;
  final String base64url;
  final String hex;
  final String password = "correct horse battery staple";
  final String otp = "492039";

  PlantedSecrets() {
    KeyRing ring = KeyRing.builder().addGeneratedKey(1).primary(1).build();
    SignedTokens tokens = SignedTokens.builder(ring, "host-session-v1").build();
    jwt = tokens.sign(tokens.claims(Duration.ofMinutes(5)).audience("api").subject("user-1").build());
    apiKey = ApiKeys.create(ring, "hk_live").generate().reveal();
    SecureRandom random = new SecureRandom();
    byte[] b = new byte[32];
    random.nextBytes(b);
    base64 = Base64.getEncoder().encodeToString(b);
    random.nextBytes(b);
    base64url = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    random.nextBytes(b);
    hex = HexFormat.of().formatHex(b);
    random.nextBytes(b);
    bearer = Base64.getUrlEncoder().withoutPadding().encodeToString(b).substring(0, 30);
  }

  /** Every secret value planted, as a sink must never see it. */
  List<String> all() {
    List<String> all = new ArrayList<>(List.of(jwt, apiKey, bearer, base64, base64url, hex, password, otp));
    // Parts of a JWT are secrets too (its signature proves nothing alone, but its payload may hold PII).
    all.add(jwt.substring(jwt.lastIndexOf('.') + 1));
    return all;
  }

  /** An event with a secret in every field and attribute that could hold one. */
  AuditEvent event(java.time.Clock clock) {
    return AuditEvent.builder(clock, "auth.login.succeeded")
        .outcome(AuditEvent.SUCCESS)
        .actor("user/42 via " + apiKey)
        .target("https://app.example/reset?token=" + base64url + "&lang=en")
        .tenant("acme")
        .ip("203.0.113.9")
        .userAgent("curl/8.5.0 Authorization: Bearer " + bearer)
        .requestId("req-7f3a")
        .attribute("password", password)
        .attribute("otp", otp)
        .attribute("access_token", "opaque-value-without-pattern")
        .attribute("X-Api-Key", apiKey)
        .attribute("session", jwt)
        .attribute("note", "webhook secret was " + base64 + ", digest " + hex)
        .attribute("body", "{\"email\":\"a@example.com\",\"password\":\"" + password + "\"}")
        .attribute("note2", "password=\"" + password + "\"")
        .attribute("method", "password")
        .attribute("attempts", 3)
        .build();
  }
}
