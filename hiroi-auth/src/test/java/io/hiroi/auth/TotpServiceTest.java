package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hiroi.crypto.KeyRing;
import io.hiroi.testing.Vectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TotpServiceTest extends TotpReplayGuardContract {
  private InMemoryTotpReplayGuard memory;

  @Override
  protected TotpReplayGuard guard(int replica) {
    if (memory == null) {
      memory = InMemoryTotpReplayGuard.create(1000, clock);
    }
    return memory;
  }

  static byte[] decodeBase32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : s.toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }

  /** RFC 6238 Appendix B, every row and every HMAC, with the Appendix A seeds (see the vector file's notes). */
  @Test
  void rfc6238AppendixB_everyVector() throws IOException {
    Path file = Vectors.require("rfc/totp_rfc6238.json"); // skipped in a fresh clone, a failure under CI
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (JsonNode t : root.get("tests")) {
      byte[] seed = HexFormat.of().parseHex(root.get("seeds").get(t.get("algorithm").asText()).get("hex").asText());
      String got = TotpService.codeAt(seed, Instant.ofEpochSecond(t.get("unixTime").asLong()), root.get("digits").asInt(), t.get("hmac").asText());
      if (!got.equals(t.get("totp").asText())) {
        failures.add("tcId " + t.get("tcId") + ": " + got + " != " + t.get("totp").asText());
      }
      n++;
    }
    assertThat(n).isEqualTo(root.get("numberOfTests").asInt()).isEqualTo(18);
    assertThat(failures).isEmpty();
  }

  /** The codes the service accepts are the ones oathtool computes from the enrolled base32 secret. */
  @Test
  void enrolledSecrets_agreeWithOathtool() throws Exception {
    assumeTrue(Files.isExecutable(Paths.get("/usr/bin/oathtool")), "oathtool is not installed");
    TotpService totp = service(0);
    for (int i = 0; i < 5; i++) {
      TotpEnrollment e = totp.enroll(user, "a@example.com");
      String at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(clock.instant()) + " UTC";
      Process p = new ProcessBuilder("/usr/bin/oathtool", "--totp", "-b", "-N", at, "-").redirectErrorStream(true).start();
      p.getOutputStream().write((e.secretBase32() + "\n").getBytes(StandardCharsets.US_ASCII));
      p.getOutputStream().close();
      String code;
      try (InputStream in = p.getInputStream()) {
        code = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
      }
      assertThat(p.waitFor()).isZero();
      assertThat(code).matches("[0-9]{6}");
      assertThat(totp.verify(user, e.storedSecret(), code).isValid()).isTrue();
      clock.advance(Duration.ofSeconds(47));
    }
  }

  @Test
  void oneStepOfDrift_isAccepted_twoAreNot() {
    TotpService totp = service(0);
    TotpEnrollment e = totp.enroll(user, "a@example.com");
    byte[] secret = decodeBase32(e.secretBase32());
    Instant now = clock.instant();
    String early = TotpService.codeAt(secret, now.minus(TotpService.TIME_STEP), 6, "HmacSHA1");
    String late = TotpService.codeAt(secret, now.plus(TotpService.TIME_STEP), 6, "HmacSHA1");
    String tooOld = TotpService.codeAt(secret, now.minus(TotpService.TIME_STEP.multipliedBy(2)), 6, "HmacSHA1");
    String tooNew = TotpService.codeAt(secret, now.plus(TotpService.TIME_STEP.multipliedBy(2)), 6, "HmacSHA1");
    assertThat(totp.verify(user, e.storedSecret(), tooOld).failure()).contains(TotpVerification.Failure.WRONG_CODE);
    assertThat(totp.verify(user, e.storedSecret(), tooNew).failure()).contains(TotpVerification.Failure.WRONG_CODE);
    assertThat(totp.verify(user, e.storedSecret(), " " + early + " ").isValid()).isTrue();
    assertThat(totp.verify(user, e.storedSecret(), late).isValid()).isTrue();
  }

  @Test
  void aStoredSecret_isEncrypted_andBoundToItsUser() {
    TotpService totp = service(0);
    TotpEnrollment e = totp.enroll(user, "a@example.com");
    String code = codeNow(e, clock);
    assertThat(e.storedSecret()).doesNotContain(e.secretBase32());
    assertThat(decodeBase32(e.secretBase32())).hasSize(TotpService.SECRET_BYTES);
    assertThat(totp.verify("mallory", e.storedSecret(), code).failure()).contains(TotpVerification.Failure.SECRET_UNREADABLE);
    TotpService otherRing = TotpService.create(KeyRing.builder().addGeneratedKey(1).primary(1).build(), guard(0), "Example", clock);
    assertThat(otherRing.verify(user, e.storedSecret(), code).failure()).contains(TotpVerification.Failure.SECRET_UNREADABLE);
    assertThat(totp.verify(user, e.storedSecret() + "A", code).failure()).contains(TotpVerification.Failure.SECRET_UNREADABLE);
    assertThat(totp.verify(user, e.storedSecret(), code).isValid()).isTrue();
  }

  @Test
  void theOtpauthUri_carriesIssuerAccountAndParameters() {
    TotpEnrollment e = TotpService.create(ring, guard(0), "Acme Chat", clock).enroll(user, "alice@example.com");
    URI uri = URI.create(e.otpauthUri());
    assertThat(uri.getScheme()).isEqualTo("otpauth");
    assertThat(uri.getHost()).isEqualTo("totp");
    assertThat(uri.getPath()).isEqualTo("/Acme Chat:alice@example.com");
    assertThat(uri.getQuery()).isEqualTo("secret=" + e.secretBase32() + "&issuer=Acme Chat&algorithm=SHA1&digits=6&period=30");
    assertThat(e.secretBase32()).matches("[A-Z2-7]{32}");
    assertThat(e.toString()).isEqualTo("TotpEnrollment[redacted]");
  }

  @Test
  void malformedCodes_andMisuse_areRefused() {
    TotpService totp = service(0);
    TotpEnrollment e = totp.enroll(user, "a@example.com");
    for (String bad : new String[] {"", "12345", "1234567", "12345a", "١٢٣٤٥٦", "12 345"}) {
      assertThat(totp.verify(user, e.storedSecret(), bad).failure()).as(bad).contains(TotpVerification.Failure.MALFORMED);
    }
    assertThatThrownBy(() -> TotpService.create(ring, guard(0), "a:b", clock)).hasMessage("issuer must be free of ':', was a value with ':'");
    assertThatThrownBy(() -> totp.enroll("", "a")).hasMessage("userId must be 1 to 256 characters without control characters, was 0 characters");
  }

  @Test
  void aFullGuard_failsClosed() {
    // Two entries: a code of the current step marks the previous step used as well.
    InMemoryTotpReplayGuard tiny = InMemoryTotpReplayGuard.create(2, clock);
    TotpService totp = TotpService.create(ring, tiny, "Example", clock);
    TotpEnrollment e = totp.enroll(user, "a@example.com");
    assertThat(totp.verify(user, e.storedSecret(), codeNow(e, clock)).isValid()).isTrue();
    clock.advance(TotpService.TIME_STEP);
    assertThat(totp.verify(user, e.storedSecret(), codeNow(e, clock)).failure()).contains(TotpVerification.Failure.UNAVAILABLE);
    clock.advance(TotpService.TIME_STEP.multipliedBy(4)); // the first entry expires and makes room
    assertThat(totp.verify(user, e.storedSecret(), codeNow(e, clock)).isValid()).isTrue();
  }

  @Test
  void base32_matchesRfc4648Vectors() {
    assertThat(TotpService.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI"); // RFC 4648 section 10, unpadded
    assertThat(TotpService.base32("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
    assertThat(TotpService.base32(new byte[0])).isEmpty();
  }
}
