package io.hiroi.cli.internal;

import static io.hiroi.cli.Hiroi.keygen;
import static io.hiroi.cli.Hiroi.pipe;
import static io.hiroi.cli.Hiroi.run;
import static io.hiroi.cli.Hiroi.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.cli.Hiroi.Result;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every command shares: help, version, exit statuses of usage errors, and the streams. */
class CliTest {
  private static final List<String> COMMANDS = List.of("keygen", "keyring", "encrypt", "decrypt", "rewrap", "apikey", "password");

  @TempDir Path dir;

  @Test
  void help_listsEveryCommand_theStreamsPolicy_andTheExitStatuses() {
    for (String flag : new String[] {"--help", "-h"}) {
      Result r = run(flag).assertOk();
      assertThat(r.out()).startsWith("Usage: hiroi [-hV] [COMMAND]");
      for (String command : COMMANDS) {
        assertThat(r.out()).containsPattern("\n  " + command + " +\\S");
      }
      assertThat(r.out().replaceAll("\\s+", " "))
          .contains("never as arguments")
          .contains("loses exactly one trailing line end")
          .contains("Exit status:")
          .contains("0 success", "1 rejected", "2 usage, configuration");
    }
  }

  @Test
  void everyCommand_hasHelp_withItsOptions_andTheExitStatuses() {
    String[][] commands = {
      {"keygen"}, {"keyring"}, {"keyring", "add"}, {"encrypt"}, {"decrypt"}, {"rewrap"}, {"apikey"},
      {"apikey", "new"}, {"apikey", "check"}, {"password"}, {"password", "hash"},
      {"password", "verify"}
    };
    for (String[] command : commands) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      Result r = run(args).assertOk();
      assertThat(r.out()).startsWith("Usage: hiroi " + String.join(" ", command)).contains("Exit status:");
    }
    assertThat(run("encrypt", "--help").out().replaceAll("\\s+", " "))
        .contains("--context=C", "--keyring=F", "--purpose=P", "default: hiroi-credential-v1", "printf '%s'");
    assertThat(run("keygen", "--help").out()).contains("--kid=N", "(default: 1)");
    assertThat(run("keyring", "add", "--help").out()).contains("--primary", "not changed");
    assertThat(run("apikey", "new", "--help").out()).contains("--prefix=P", "line 1", "Line 2");
    assertThat(run("password", "verify", "--help").out()).contains("--hash=H", "single quotes");
  }

  @Test
  void version_printsTheProjectVersion() {
    for (String flag : new String[] {"--version", "-V"}) {
      Result r = run(flag).assertOk();
      assertThat(r.out()).matches("hiroi \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    }
    assertThat(run("encrypt", "--version").assertOk().out()).startsWith("hiroi ");
  }

  @Test
  void noCommand_isAUsageError() {
    run().assertUsageError("'hiroi' needs a command").assertUsageError("Try 'hiroi --help'");
  }

  @Test
  void unknownCommand_isAUsageError_withASuggestion() {
    run("frobnicate").assertUsageError("unknown command 'frobnicate' for 'hiroi'");
    assertThat(run("keygne").assertUsageError("unknown command 'keygne'").stderr()).contains("keygen");
  }

  @Test
  void unknownOption_isAUsageError_namingTheOptionButNotItsValue() {
    Result r = run("keygen", "--password=hunter2").assertUsageError("unknown option --password");
    r.assertStderrOmits("hunter2");
    r = run("keygen", "--secret", "hunter2").assertUsageError("unknown option --secret; 1 unexpected argument");
    r.assertStderrOmits("hunter2");
    run("--bogus").assertUsageError("unknown option --bogus");
    run("keygen", "--kidd", "3").assertUsageError("unknown option --kidd");
  }

  @Test
  void argumentFiles_areNotExpanded() throws IOException {
    Path secretFile = write(dir.resolve("args"), "--kid 7 s3cr3t-file-content\n".getBytes(StandardCharsets.UTF_8));
    Result r = run("keygen", "@" + secretFile).assertUsageError("1 unexpected argument");
    r.assertStderrOmits("s3cr3t-file-content", secretFile.toString());
  }

  @Test
  void usageErrors_printNothingOnStdout_andNoStackTrace() {
    for (Result r :
        new Result[] {run("keygen", "--kid", "x"), run("nope"), run("encrypt"), run("keyring", "add", "--keyring", "/nonexistent/k.json")}) {
      assertThat(r.status()).isEqualTo(2);
      assertThat(r.stdout()).isEmpty();
      assertThat(r.stderr()).doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  void aFailedWriteToStdout_isAnError_notASuccess() {
    PrintStream broken =
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
              }
            },
            false,
            StandardCharsets.UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Cli.run(
            new String[] {"keygen"},
            new ByteArrayInputStream(new byte[0]),
            broken,
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("hiroi: cannot write to standard output\n");
  }

  @Test
  void aFailedReadOfStdin_isAnIoError() throws IOException {
    Path ring = keygen(dir.resolve("keyring.json"));
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("Input/output error");
          }
        };
    pipe(failing, "encrypt", "--keyring", ring.toString(), "--context", "c")
        .assertUsageError("hiroi: I/O error: Input/output error");
  }

  @Test
  void runsShareNoState() throws IOException {
    Path ring = keygen(dir.resolve("keyring.json"));
    run("keygen", "--kid", "5").assertOk();
    assertThat(run("keygen").assertOk().out()).startsWith("{\"primary\": 1,");
    pipe("x", "encrypt", "--keyring", ring.toString(), "--context", "a", "--purpose", "p-v1").assertOk();
    Result r = pipe("x", "encrypt", "--keyring", ring.toString(), "--context", "a").assertOk();
    assertThat(pipe(r.out(), "decrypt", "--keyring", ring.toString(), "--context", "a").assertOk().out()).isEqualTo("x");
  }
}
