package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hiroi.crypto.CredentialCipher;
import io.hiroi.crypto.KeyRing;
import io.hiroi.testing.Vectors;
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
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link TotpService} with SHA-256, SHA-512 and 8 digits, against RFC 6238 and oathtool. */
class TotpAlgorithmsTest {
  private final KeyRing ring = KeyRing.builder().addGeneratedKey(1).primary(1).build();
  private final String user = "user-42";

  private TotpService service(TotpService.Algorithm algorithm, int digits, FakeClock clock) {
    return TotpService.builder(ring, InMemoryTotpReplayGuard.create(1000, clock), "Example").algorithm(algorithm).digits(digits).clock(clock).unthrottled().build();
  }

  /** RFC 6238 Appendix B, every row: the service itself accepts the published code at its time, with the seed stored as an envelope. */
  @Test
  void rfc6238AppendixB_everyVector_verifiesThroughTheService() throws IOException {
    Path file = Vectors.require("rfc/totp_rfc6238.json"); // skipped in a fresh clone, a failure under CI
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    assertThat(root.get("digits").asInt()).isEqualTo(8);
    CredentialCipher cipher = CredentialCipher.builder(ring).purpose(TotpService.PURPOSE).build();
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (JsonNode t : root.get("tests")) {
      TotpService.Algorithm algorithm = TotpService.Algorithm.valueOf(t.get("algorithm").asText());
      byte[] seed = HexFormat.of().parseHex(root.get("seeds").get(algorithm.name()).get("hex").asText());
      String stored = cipher.encrypt(seed, "totp/" + user);
      FakeClock clock = new FakeClock(Instant.ofEpochSecond(t.get("unixTime").asLong()));
      String code = t.get("totp").asText();
      TotpVerification v = service(algorithm, 8, clock).verify(user, stored, code);
      if (!v.isValid()) {
        failures.add("tcId " + t.get("tcId") + " " + algorithm + ": " + v);
      }
      for (TotpService.Algorithm other : TotpService.Algorithm.values()) {
        if (other != algorithm && service(other, 8, clock).verify(user, stored, code).failure().orElse(null) != TotpVerification.Failure.WRONG_CODE) {
          failures.add("tcId " + t.get("tcId") + " accepted by " + other);
        }
      }
      n++;
    }
    assertThat(n).isEqualTo(18);
    assertThat(failures).isEmpty();
  }

  /** Codes oathtool computes for enrolled secrets of each algorithm, 6 and 8 digits, verify. */
  @ParameterizedTest
  @EnumSource(TotpService.Algorithm.class)
  void enrolledSecrets_agreeWithOathtool(TotpService.Algorithm algorithm) throws Exception {
    assumeTrue(Files.isExecutable(Paths.get("/usr/bin/oathtool")), "oathtool is not installed");
    FakeClock clock = FakeClock.atRecentTime();
    for (int digits : new int[] {6, 8}) {
      TotpService totp = service(algorithm, digits, clock);
      for (int i = 0; i < 3; i++) {
        TotpEnrollment e = totp.enroll(user, "a@example.com");
        assertThat(TotpServiceTest.decodeBase32(e.secretBase32())).hasSize(algorithm.secretBytes());
        String code = oathtool(algorithm, digits, e.secretBase32(), clock.instant());
        assertThat(code).matches("[0-9]{" + digits + "}");
        assertThat(totp.verify(user, e.storedSecret(), code).isValid()).as(algorithm + "/" + digits).isTrue();
        clock.advance(Duration.ofSeconds(61));
      }
    }
  }

  static String oathtool(TotpService.Algorithm algorithm, int digits, String base32, Instant at) throws IOException, InterruptedException {
    String when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(at) + " UTC";
    Process p = new ProcessBuilder("/usr/bin/oathtool", "--totp=" + algorithm.name().toLowerCase(Locale.ROOT), "-d", String.valueOf(digits), "-b", "-N", when, "-")
        .redirectErrorStream(true).start();
    p.getOutputStream().write((base32 + "\n").getBytes(StandardCharsets.US_ASCII));
    p.getOutputStream().close();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void theOtpauthUri_namesAlgorithmDigitsAndPeriod() {
    FakeClock clock = FakeClock.atRecentTime();
    TotpService totp = service(TotpService.Algorithm.SHA512, 8, clock);
    TotpEnrollment e = totp.enroll(user, "alice@example.com");
    assertThat(URI.create(e.otpauthUri()).getQuery()).isEqualTo("secret=" + e.secretBase32() + "&issuer=Example&algorithm=SHA512&digits=8&period=30");
    assertThat(e.secretBase32()).matches("[A-Z2-7]{103}");
    assertThat(totp.algorithm()).isEqualTo(TotpService.Algorithm.SHA512);
    assertThat(totp.digits()).isEqualTo(8);
    assertThat(totp.toString()).startsWith("TotpService[SHA512, 8 digits, PT30S");
    TotpService byDefault = TotpService.builder(ring, InMemoryTotpReplayGuard.create(), "Example").unthrottled().build();
    assertThat(byDefault.algorithm()).isEqualTo(TotpService.Algorithm.SHA1);
    assertThat(byDefault.digits()).isEqualTo(6);
  }

  @Test
  void eightDigitService_refusesSixDigits_andMisuseIsNamed() {
    FakeClock clock = FakeClock.atRecentTime();
    TotpService totp = service(TotpService.Algorithm.SHA256, 8, clock);
    TotpEnrollment e = totp.enroll(user, "a@example.com");
    String eight = TotpService.codeAt(TotpServiceTest.decodeBase32(e.secretBase32()), clock.instant(), 8, "HmacSHA256");
    assertThat(totp.verify(user, e.storedSecret(), eight.substring(2)).failure()).contains(TotpVerification.Failure.MALFORMED);
    assertThat(totp.verify(user, e.storedSecret(), eight).isValid()).isTrue();
    TotpService.Builder b = TotpService.builder(ring, InMemoryTotpReplayGuard.create(), "Example");
    assertThatThrownBy(() -> b.digits(7)).isInstanceOf(IllegalArgumentException.class).hasMessage("digits must be 6 or 8, was 7");
    b.digits(8).algorithm(TotpService.Algorithm.SHA256);
    assertThatThrownBy(() -> b.digits(6)).isInstanceOf(IllegalStateException.class).hasMessage("digits was already set");
    assertThatThrownBy(() -> b.algorithm(TotpService.Algorithm.SHA1)).hasMessage("algorithm was already set");
    assertThatThrownBy(() -> TotpService.builder(ring, InMemoryTotpReplayGuard.create(), "a:b")).hasMessage("issuer must be free of ':', was a value with ':'");
  }
}
