package io.hiroi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code java -jar target/hiroi-cli.jar} as a separate process, as an operator would: the
 * shaded jar, its manifest, {@code System.exit} and the real standard streams.
 */
class MainIT {
  private static Path jar;

  @TempDir Path dir;

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("hiroi.cli.jar", "target/hiroi-cli.jar")).toAbsolutePath();
    assertThat(jar).as("the shaded jar built at package").isRegularFile();
  }

  private record Exit(int status, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  private Exit hiroi(byte[] stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(Arrays.asList(args));
    Path out = Files.createTempFile(dir, "stdout", "");
    Path err = Files.createTempFile(dir, "stderr", "");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("hiroi %s finished", List.of(args)).isTrue();
    return new Exit(process.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
  }

  private Path ownerOnly(Path file, byte[] content) throws IOException {
    Files.write(file, content);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
    return file;
  }

  @Test
  void keygen_encrypt_decrypt_throughTheJar() throws Exception {
    Exit keygen = hiroi(new byte[0], "keygen");
    assertThat(keygen.status()).isZero();
    assertThat(keygen.stderr()).isEmpty();
    assertThat(keygen.out()).startsWith("{\"primary\": 1, \"keys\": [{\"kid\": 1, \"secret\": \"").endsWith("]}\n");
    Path ring = ownerOnly(dir.resolve("keyring.json"), keygen.stdout());

    byte[] plaintext = {'t', 'o', 'k', 0, (byte) 0xff, (byte) 0xc3, '\r', '\n'};
    Exit encrypt = hiroi(plaintext, "encrypt", "--keyring", ring.toString(), "--context", "tenant/1/credential/2");
    assertThat(encrypt.status()).isZero();
    assertThat(encrypt.stderr()).isEmpty();
    assertThat(encrypt.out()).matches("[A-Za-z0-9_-]+\n");
    byte[] envelope = Base64.getUrlDecoder().decode(encrypt.out().strip());
    assertThat(Arrays.copyOfRange(envelope, 0, 5)).containsExactly(0x01, 0, 0, 0, 1);
    assertThat(envelope).hasSize(33 + plaintext.length);

    Exit decrypt =
        hiroi(encrypt.stdout(), "decrypt", "--keyring", ring.toString(), "--context", "tenant/1/credential/2");
    assertThat(decrypt.status()).isZero();
    assertThat(decrypt.stderr()).isEmpty();
    assertThat(decrypt.stdout()).isEqualTo(plaintext);

    Exit wrongContext =
        hiroi(encrypt.stdout(), "decrypt", "--keyring", ring.toString(), "--context", "tenant/1/credential/3");
    assertThat(wrongContext.status()).isEqualTo(1);
    assertThat(wrongContext.stdout()).isEmpty();
    assertThat(wrongContext.stderr()).isEqualTo(
        "hiroi: rejected: the envelope did not decrypt: AUTHENTICATION_FAILED"
            + " (changed, or encrypted for another context, purpose or key ring)"
            + System.lineSeparator());
  }

  @Test
  void apikey_new_thenCheck_throughTheJar() throws Exception {
    Path ring = ownerOnly(dir.resolve("keyring.json"), hiroi(new byte[0], "keygen").stdout());
    Exit created = hiroi(new byte[0], "apikey", "new", "--keyring", ring.toString(), "--prefix", "hk_live");
    assertThat(created.status()).isZero();
    assertThat(created.out()).matches("hk_live_[0-9A-Za-z]{49}\n1:[0-9a-f]{64}\n");
    String key = created.out().lines().findFirst().orElseThrow();

    Exit ok = hiroi((key + "\n").getBytes(StandardCharsets.US_ASCII), "apikey", "check");
    assertThat(ok.status()).isZero();
    assertThat(ok.stdout()).isEmpty();
    assertThat(ok.stderr()).isEmpty();

    String typo = key.substring(0, 10) + (key.charAt(10) == 'x' ? 'y' : 'x') + key.substring(11);
    Exit rejected = hiroi((typo + "\n").getBytes(StandardCharsets.US_ASCII), "apikey", "check");
    assertThat(rejected.status()).isEqualTo(1);
    assertThat(rejected.stdout()).isEmpty();
    assertThat(rejected.stderr()).startsWith("hiroi: rejected: ").doesNotContain(typo);
  }

  @Test
  void widget_token_thenVerify_throughTheJar() throws Exception {
    Path ring = ownerOnly(dir.resolve("keyring.json"), hiroi(new byte[0], "keygen").stdout());
    Exit issued = hiroi(new byte[0], "widget", "token", "--keyring", ring.toString(), "--widget", "w42",
        "--origin", "https://shop.example.com", "--visitor", "visitor-17");
    assertThat(issued.status()).as(issued.stderr()).isZero();
    String token = issued.out().strip();
    Exit ok = hiroi((token + "\n").getBytes(StandardCharsets.US_ASCII), "widget", "verify", "--keyring", ring.toString(),
        "--widget", "w42", "--origin", "https://shop.example.com");
    assertThat(ok.status()).as(ok.stderr()).isZero();
    assertThat(ok.out()).startsWith("{\"sub\":\"visitor-17\",\"aud\":\"w42\",\"orig\":\"https://shop.example.com\",");
    Exit rejected = hiroi(token.getBytes(StandardCharsets.US_ASCII), "widget", "verify", "--keyring", ring.toString(),
        "--widget", "w42", "--origin", "https://evil.example");
    assertThat(rejected.status()).isEqualTo(1);
    assertThat(rejected.stdout()).isEmpty();
    assertThat(rejected.stderr()).startsWith("hiroi: rejected: ").contains("WRONG_ORIGIN").doesNotContain(token);
  }

  @Test
  void usageAndConfigurationErrors_exit2() throws Exception {
    Exit missing = hiroi(new byte[0], "decrypt", "--keyring", dir.resolve("nope.json").toString(), "--context", "c");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.stdout()).isEmpty();
    assertThat(missing.stderr()).startsWith("hiroi: cannot read key ring file ").contains("no such file");

    Exit none = hiroi(new byte[0]);
    assertThat(none.status()).isEqualTo(2);
    assertThat(none.stderr()).contains("'hiroi' needs a command");

    Exit unknown = hiroi(new byte[0], "keygen", "--secret=hunter2");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("unknown option --secret").doesNotContain("hunter2");
  }

  @Test
  void helpAndVersion_exit0() throws Exception {
    Exit help = hiroi(new byte[0], "--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).startsWith("Usage: hiroi").contains("encrypt", "Exit status:");

    Exit version = hiroi(new byte[0], "--version");
    assertThat(version.status()).isZero();
    assertThat(version.out()).matches("hiroi \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
  }

  @Test
  void aKeyRingFileReadableByOthers_isWarnedAbout_onStderrOnly() throws Exception {
    Path ring = dir.resolve("shared.json");
    Files.write(ring, hiroi(new byte[0], "keygen").stdout());
    try {
      Files.setPosixFilePermissions(ring, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      return; // no POSIX permissions, no warning to check
    }
    Exit encrypt = hiroi(new byte[] {'x'}, "encrypt", "--keyring", ring.toString(), "--context", "c");
    assertThat(encrypt.status()).isZero();
    assertThat(encrypt.out()).matches("[A-Za-z0-9_-]+\n");
    assertThat(encrypt.stderr())
        .startsWith("[WARN] key ring file ")
        .contains("readable by group or others", "chmod 600")
        .doesNotContain("SLF4J");
  }
}
