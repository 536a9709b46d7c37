package io.hiroi.cli.internal;

import static io.hiroi.cli.Hiroi.keygen;
import static io.hiroi.cli.Hiroi.pipe;
import static io.hiroi.cli.Hiroi.run;
import static io.hiroi.cli.Hiroi.secretsOf;
import static io.hiroi.cli.Hiroi.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.hiroi.cli.Hiroi.Result;
import io.hiroi.crypto.KeyRing;
import io.hiroi.widget.WidgetSessionTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WidgetCommandsTest {
  private static final String ORIGIN = "https://shop.example.com";

  @TempDir Path dir;
  private Path ring;

  @BeforeEach
  void keyRing() throws IOException {
    ring = keygen(dir.resolve("keyring.json"));
  }

  private Result token(String widget, String origin, String visitor, String... extra) {
    String[] base = {"widget", "token", "--keyring", ring.toString(), "--widget", widget, "--origin", origin, "--visitor", visitor};
    String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return run(all);
  }

  @Test
  void secret_isTheLibrarysWidgetSecret_inBase64url() {
    String line = run("widget", "secret", "--keyring", ring.toString(), "--widget", "w42").assertOk().lines().get(0);
    assertThat(line).matches("[A-Za-z0-9_-]{43}");
    byte[] expected = WidgetSessionTokens.builder(KeyRing.fromFile(ring)).build().widgetSecret("w42").toByteArray();
    assertThat(Base64.getUrlDecoder().decode(line)).isEqualTo(expected);
    assertThat(run("widget", "secret", "--keyring", ring.toString(), "--widget", "w42", "--kid", "1").assertOk().lines())
        .containsExactly(line);
    assertThat(run("widget", "secret", "--keyring", ring.toString(), "--widget", "w43").assertOk().lines().get(0))
        .isNotEqualTo(line);
  }

  @Test
  void secret_identity_isTheUserHashKey() {
    String line = run("widget", "secret", "--keyring", ring.toString(), "--widget", "w42", "--identity").assertOk().lines().get(0);
    byte[] expected = io.hiroi.widget.VisitorIdentity.create(KeyRing.fromFile(ring)).identitySecret("w42").toByteArray();
    assertThat(Base64.getUrlDecoder().decode(line)).isEqualTo(expected);
    assertThat(line).isNotEqualTo(run("widget", "secret", "--keyring", ring.toString(), "--widget", "w42").assertOk().lines().get(0));
  }

  @Test
  void token_thenVerify_printsTheClaims() {
    String token = token("w42", "HTTPS://Shop.Example.com:443", "visitor-17", "--ttl", "600").assertOk().lines().get(0);
    String claims = pipe(token + "\n", "widget", "verify", "--keyring", ring.toString(), "--widget", "w42", "--origin", ORIGIN)
        .assertOk().out();
    assertThat(claims).matches("\\{\"sub\":\"visitor-17\",\"aud\":\"w42\",\"orig\":\"https://shop.example.com\","
        + "\"iat\":(\\d+),\"exp\":\\d+,\"jti\":\"[A-Za-z0-9_-]{22}\"\\}\n");
    long iat = Long.parseLong(claims.replaceAll(".*\"iat\":(\\d+).*\\n", "$1"));
    long exp = Long.parseLong(claims.replaceAll(".*\"exp\":(\\d+).*\\n", "$1"));
    assertThat(exp - iat).isEqualTo(600);
  }

  @Test
  void verify_nonAsciiVisitor_isEscapedJson() {
    String token = token("w42", ORIGIN, "ユーザー").assertOk().lines().get(0);
    assertThat(pipe(token, "widget", "verify", "--keyring", ring.toString(), "--widget", "w42", "--origin", ORIGIN)
        .assertOk().out()).startsWith("{\"sub\":\"\\u30e6\\u30fc\\u30b6\\u30fc\",");
  }

  @Test
  void verify_rejects_withTheReason_andNothingOnStdout() throws Exception {
    String token = token("w42", ORIGIN, "visitor-17").assertOk().lines().get(0);
    pipe(token, "widget", "verify", "--keyring", ring.toString(), "--widget", "w43", "--origin", ORIGIN)
        .assertRejected("WRONG_WIDGET");
    pipe(token, "widget", "verify", "--keyring", ring.toString(), "--widget", "w42", "--origin", "https://evil.example")
        .assertRejected("WRONG_ORIGIN");
    String tampered = token.substring(0, token.length() - 2) + (token.charAt(token.length() - 2) == 'A' ? 'B' : 'A')
        + token.charAt(token.length() - 1);
    pipe(tampered, "widget", "verify", "--keyring", ring.toString(), "--widget", "w42", "--origin", ORIGIN)
        .assertRejected("BAD_SIGNATURE")
        .assertStderrOmits(token, tampered);
    pipe("garbage", "widget", "verify", "--keyring", ring.toString(), "--widget", "w42", "--origin", ORIGIN)
        .assertRejected("MALFORMED");
    pipe(token + "\n\n", "widget", "verify", "--keyring", ring.toString(), "--widget", "w42", "--origin", ORIGIN)
        .assertRejected("MALFORMED");
    // expired: minted by nimbus from the exported secret an hour in the past
    byte[] secret = Base64.getUrlDecoder()
        .decode(run("widget", "secret", "--keyring", ring.toString(), "--widget", "w42").assertOk().lines().get(0));
    Instant past = Instant.now().minusSeconds(7200);
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID("w42.1").build(),
        new JWTClaimsSet.Builder().subject("v").audience("w42").claim("orig", ORIGIN).jwtID("j")
            .issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(600))).build());
    jwt.sign(new MACSigner(secret));
    pipe(jwt.serialize(), "widget", "verify", "--keyring", ring.toString(), "--widget", "w42", "--origin", ORIGIN)
        .assertRejected("EXPIRED");
  }

  @Test
  void verify_afterRotation_acceptsOldTokens_untilTheKeyIsGone() throws IOException {
    String old = token("w42", ORIGIN, "v").assertOk().lines().get(0);
    Path rotated = write(dir.resolve("rotated.json"),
        run("keyring", "add", "--keyring", ring.toString(), "--primary").assertOk().stdout());
    pipe(old, "widget", "verify", "--keyring", rotated.toString(), "--widget", "w42", "--origin", ORIGIN).assertOk();
    Path other = keygen(dir.resolve("other.json"), "--kid", "7");
    pipe(old, "widget", "verify", "--keyring", other.toString(), "--widget", "w42", "--origin", ORIGIN)
        .assertRejected("UNKNOWN_KEY");
  }

  @Test
  void usageErrors_exit2_withoutSecrets() throws IOException {
    token("w.42", ORIGIN, "v").assertUsageError("widget id must be 1 to 64 characters");
    token("w42", "https://a.com/path", "v").assertUsageError("PATH_QUERY_OR_FRAGMENT");
    token("w42", ORIGIN, "v", "--ttl", "59").assertUsageError("--ttl must be between 60 and 86400 seconds");
    token("w42", ORIGIN, "v", "--ttl", "86401").assertUsageError("--ttl must be between 60 and 86400 seconds");
    run("widget", "secret", "--keyring", ring.toString(), "--widget", "w42", "--kid", "9")
        .assertUsageError("key id 9 is not in the key ring")
        .assertStderrOmits(secretsOf(ring));
    run("widget", "secret", "--widget", "w42").assertUsageError("--keyring");
    run("widget").assertUsageError("'hiroi widget' needs a command");
    pipe("x".repeat(5000), "widget", "verify", "--keyring", ring.toString(), "--widget", "w42", "--origin", ORIGIN)
        .assertUsageError("the token on standard input must be at most 4096 characters");
  }
}
