package io.hiroi.cli;

import io.hiroi.cli.internal.Cli;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Entry point of {@code hiroi-cli.jar}, the operator's command line over hiroi's public API:
 *
 * <pre>{@code
 * java -jar hiroi-cli.jar keygen > keyring.json
 * printf '%s' "$TOKEN" | java -jar hiroi-cli.jar encrypt --keyring keyring.json --context tenant/42/credential/7
 * }</pre>
 *
 * <p>Secrets and plaintexts travel on standard input and output, never as arguments. The exit
 * status is 0 on success, 1 when the input was judged and rejected (a failed decryption, a bad
 * checksum, a wrong password; the reason on standard error, nothing on standard output) and 2
 * on a usage, configuration, I/O or internal error.
 * {@code --help} lists the commands and their options (DESIGN.md, "Command line").
 *
 * <p>Not instantiable; each run builds its own command tree, so runs share no state.
 */
public final class Main {
  private Main() {}

  /**
   * Runs one command over the process's standard streams and exits with its status.
   *
   * @param args the command line, command first
   */
  public static void main(String[] args) {
    int status = run(args, System.in, System.out, System.err);
    System.exit(status);
  }

  /**
   * Runs one command over the given streams and returns its exit status, without exiting: the
   * entry point for tests and for embedding.
   *
   * @param args the command line, command first
   * @param in standard input
   * @param out standard output; binary output (a decrypted plaintext) is written to it as it is
   * @param err standard error, written in UTF-8
   * @return 0 on success, 1 when rejected, 2 on a usage or configuration error
   */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return Cli.run(args, in, out, err);
  }
}
