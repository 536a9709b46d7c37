package io.hiroi.cli.internal;

import static io.hiroi.cli.Hiroi.pipe;
import static io.hiroi.cli.Hiroi.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hiroi.testing.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code hiroi totp verify}, against the RFC 6238 Appendix B vectors (every algorithm, 8 digits),
 * RFC 4226-sized secrets in base32, and codes from the independent {@code oathtool} where installed.
 */
class TotpCommandsTest {
  /** RFC 6238's SHA-1 seed "12345678901234567890" in base32. */
  private static final String SHA1_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  /** An independent RFC 4648 base32 encoder (no padding), for the vectors' hex seeds. */
  private static String base32(byte[] bytes) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  @Test
  void everyRfc6238Vector_verifies_andTheNeighbouringCodesDoNot() {
    JsonNode file = Vectors.json("rfc/totp_rfc6238.json");
    int checked = 0;
    for (JsonNode v : file.path("tests")) {
      String algorithm = v.path("algorithm").asText();
      String secret = base32(Vectors.hex(file.path("seeds").path(algorithm).path("hex").asText()));
      String at = v.path("unixTime").asText();
      String totp = v.path("totp").asText();
      run("totp", "verify", "--secret", secret, "--code", totp, "--at", at, "--algorithm", algorithm, "--digits", "8")
          .assertOk();
      long far = v.path("unixTime").asLong() + 90; // three steps later: outside the +-1 window
      run("totp", "verify", "--secret", secret, "--code", totp, "--at", Long.toString(far), "--algorithm", algorithm, "--digits", "8")
          .assertRejected("not valid");
      checked++;
    }
    assertThat(checked).isEqualTo(18);
  }

  @Test
  void oneStepEitherSide_isAccepted_twoAreNot() {
    // RFC 6238: SHA-1, T = 59 s -> 94287082 (step 1); steps 0 and 2 are within the window, step 3 is not.
    for (String at : new String[] {"29", "59", "60", "89"}) {
      run("totp", "verify", "--secret", SHA1_SEED, "--code", "94287082", "--at", at, "--digits", "8").assertOk();
    }
    run("totp", "verify", "--secret", SHA1_SEED, "--code", "94287082", "--at", "90", "--digits", "8").assertRejected("not valid");
    // The last 6 digits are the 6-digit code (dynamic truncation mod 10^6).
    run("totp", "verify", "--secret", SHA1_SEED, "--code", "287082", "--at", "59").assertOk();
    run("totp", "verify", "--secret", SHA1_SEED, "--code", "287083", "--at", "59").assertRejected("not valid");
  }

  @Test
  void theSecretMayComeFromStandardInput_inTheFormAppsShowIt() {
    pipe("gezd gnbv gy3t qojq gezd gnbv gy3t qojq\n", "totp", "verify", "--secret-stdin", "--code", "287082", "--at", "59")
        .assertOk()
        .assertStderrOmits("GEZD");
    pipe(SHA1_SEED + "====", "totp", "verify", "--secret-stdin", "--code", "287082", "--at", "59").assertOk();
  }

  @Test
  void badArguments_areUsageErrors_thatNeverEchoTheSecret() {
    String[][] bad = {
      {"totp", "verify", "--code", "287082"},
      {"totp", "verify", "--secret", SHA1_SEED, "--secret-stdin", "--code", "287082"},
      {"totp", "verify", "--secret", "GEZDGNBVGY3TQOJ1", "--code", "287082"},
      {"totp", "verify", "--secret", "GEZDGNBVGY3TQOJQ", "--code", "287082"},
      {"totp", "verify", "--secret", SHA1_SEED + "G", "--code", "287082"},
      {"totp", "verify", "--secret", SHA1_SEED, "--code", "28708"},
      {"totp", "verify", "--secret", SHA1_SEED, "--code", "28708x"},
      {"totp", "verify", "--secret", SHA1_SEED, "--code", "\u0662\u0668\u0667\u0660\u0668\u0662"},
      {"totp", "verify", "--secret", SHA1_SEED, "--code", "287082", "--digits", "7"},
      {"totp", "verify", "--secret", SHA1_SEED, "--code", "287082", "--algorithm", "MD5"},
      {"totp", "verify", "--secret", SHA1_SEED, "--code", "287082", "--at", "soon"},
    };
    for (String[] args : bad) {
      assertThat(run(args).status()).as(String.join(" ", args)).isEqualTo(Cli.USAGE);
      run(args).assertStderrOmits(SHA1_SEED, "GEZDGNBVGY3TQOJ");
    }
  }

  @Test
  void base32_decodesOnlyCanonicalText() {
    assertThat(TotpCommands.base32(SHA1_SEED)).isEqualTo("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
    assertThat(TotpCommands.base32("MY======")).isEqualTo("f".getBytes(StandardCharsets.US_ASCII));
    assertThat(TotpCommands.base32("MZ")).isNull(); // non-zero padding bits
    assertThat(TotpCommands.base32("M")).isNull();
    assertThat(TotpCommands.base32("MZXW6===")).isEqualTo("foo".getBytes(StandardCharsets.US_ASCII));
    assertThat(TotpCommands.base32("MZXW6YTBOI")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII)); // RFC 4648 s.10
    assertThat(TotpCommands.base32("mzxw6ytb")).isEqualTo("fooba".getBytes(StandardCharsets.US_ASCII));
    assertThat(TotpCommands.base32("MZXW6YTB0I")).isNull(); // 0 is not in the alphabet
  }

  @Test
  void codesFromOathtool_verify() throws IOException, InterruptedException {
    Path oathtool = Path.of("/usr/bin/oathtool");
    assumeTrue(Files.isExecutable(oathtool) || "true".equals(System.getenv("CI")), "oathtool is not installed");
    for (String algorithm : new String[] {"SHA1", "SHA256", "SHA512"}) {
      String secret = base32(("hiroi-cli-test-secret-" + algorithm + "-0123456789abcdef").getBytes(StandardCharsets.US_ASCII));
      long at = 1_767_225_600L; // 2026-01-01T00:00:00Z
      Process p = new ProcessBuilder(oathtool.toString(), "--totp=" + algorithm.toLowerCase(java.util.Locale.ROOT), "-d", "8",
              "-b", "--now=2026-01-01 00:00:00 UTC", secret)
          .redirectErrorStream(true).start();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      String code = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      assertThat(code).matches("\\d{8}");
      run("totp", "verify", "--secret", secret, "--code", code, "--at", Long.toString(at), "--algorithm", algorithm, "--digits", "8")
          .assertOk();
    }
  }
}
