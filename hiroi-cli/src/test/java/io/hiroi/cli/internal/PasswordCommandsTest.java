package io.hiroi.cli.internal;

import static io.hiroi.cli.Hiroi.pipe;
import static io.hiroi.cli.Hiroi.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hiroi.cli.Hiroi.Result;
import io.hiroi.crypto.PasswordHasher;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PasswordCommandsTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String PHC =
      "\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}";

  private static String hash(String stdin) {
    Result r = pipe(stdin, "password", "hash").assertOk();
    assertThat(r.out()).matches(PHC + "\n");
    return r.out().strip();
  }

  @Test
  void hash_printsAnArgon2idPhcString_atTheOwaspDefaults_thatTheLibraryVerifies() {
    String phc = hash(PASSWORD + "\n");
    assertThat(PasswordHasher.defaults().verify(phc, PASSWORD.toCharArray())).isTrue();
    assertThat(PasswordHasher.defaults().verify(phc, (PASSWORD + "\n").toCharArray())).isFalse();
  }

  @Test
  void hash_drawsAFreshSaltEachTime() {
    assertThat(hash(PASSWORD)).isNotEqualTo(hash(PASSWORD));
  }

  @Test
  void hash_removesOnlyOneTrailingLineEnd_andKeepsSpacesAndNonAscii() {
    String password = "  p\u00e4ssw\u00f6rd \u2603\t ";
    String phc = hash(password + "\r\n");
    assertThat(PasswordHasher.defaults().verify(phc, password.toCharArray())).isTrue();
    String twoLines = hash("pw\n\n");
    assertThat(PasswordHasher.defaults().verify(twoLines, "pw\n".toCharArray())).isTrue();
  }

  @Test
  void verify_acceptsTheRightPassword_exit0_nothingPrinted() {
    String phc = hash(PASSWORD);
    Result r = pipe(PASSWORD + "\n", "password", "verify", "--hash", phc).assertOk();
    assertThat(r.stdout()).isEmpty();
    pipe(PASSWORD, "password", "verify", "--hash", phc).assertOk();
  }

  @Test
  void verify_rejectsAWrongPassword_exit1_withoutEchoingIt() {
    String phc = hash(PASSWORD);
    for (String wrong : new String[] {"correct horse battery stapler", "Correct horse battery staple", PASSWORD + " ", PASSWORD + "\n\n", "x"}) {
      pipe(wrong, "password", "verify", "--hash", phc)
          .assertRejected("the password does not match the hash")
          .assertStderrOmits(wrong.strip(), phc);
    }
  }

  @Test
  void verify_ofAHashMadeByTheReferenceArgon2Tool() throws IOException, InterruptedException {
    Process tool;
    try {
      tool = new ProcessBuilder("argon2", "somesaltsomesalt", "-id", "-t", "2", "-m", "15", "-p", "1", "-l", "32", "-e").start();
    } catch (IOException e) {
      assumeTrue(false, "the reference argon2 tool is not installed (apt-get install argon2)");
      return;
    }
    try (OutputStream in = tool.getOutputStream()) {
      in.write(PASSWORD.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(tool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tool.exitValue()).isZero();
    String phc = new String(tool.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    assertThat(phc).startsWith("$argon2id$v=19$m=32768,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$");

    pipe(PASSWORD + "\n", "password", "verify", "--hash", phc).assertOk();
    pipe("wrong\n", "password", "verify", "--hash", phc).assertRejected("does not match");
  }

  @Test
  void verify_withABrokenHash_isAUsageError_notAWrongPassword() {
    // The cut hash is 41 base64 characters: a length no base64 text can have, whatever the
    // random salt and hash (a cut of 5 left 38, which is sometimes a valid, shorter hash).
    String phc = hash(PASSWORD);
    for (String broken :
        new String[] {"", "not-a-hash", phc.replace("argon2id", "argon2i"), phc.substring(0, phc.length() - 2), "$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$aGFzaA"}) {
      pipe(PASSWORD, "password", "verify", "--hash", broken)
          .assertUsageError("password hash is not a valid argon2id PHC string")
          .assertStderrOmits(PASSWORD);
    }
  }

  @Test
  void emptyOrInvalidInput_isAUsageError() {
    String phc = hash(PASSWORD);
    for (String[] command : new String[][] {{"password", "hash"}, {"password", "verify", "--hash", phc}}) {
      pipe("", command).assertUsageError("no password on standard input");
      pipe("\n", command).assertUsageError("no password on standard input");
      pipe(new byte[] {'p', (byte) 0xc3, '(', '\n'}, command).assertUsageError("not valid UTF-8");
      pipe("x".repeat(PasswordCommands.MAX_PASSWORD_READ_BYTES + 1), command)
          .assertUsageError("must be at most 65536 bytes");
    }
  }

  @Test
  void hash_ofAPasswordOverTheHashersLimit_isAUsageError_namingSizesOnly() {
    String longPassword = "\u00e9".repeat(600);
    pipe(longPassword, "password", "hash")
        .assertUsageError("password must be at most 1024 bytes in UTF-8, was 1200 bytes")
        .assertStderrOmits("\u00e9\u00e9");
  }

  @Test
  void passwordCommands_usageErrors() {
    run("password").assertUsageError("'hiroi password' needs a command");
    pipe(PASSWORD, "password", "verify").assertUsageError("Missing required option: '--hash=H'");
    pipe(PASSWORD, "password", "hash", PASSWORD).assertUsageError("unexpected argument").assertStderrOmits(PASSWORD);
    pipe(PASSWORD, "password", "hash", "--password=" + PASSWORD)
        .assertUsageError("unknown option --password")
        .assertStderrOmits("correct horse");
  }
}
