package io.hiroi.examples;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Placeholder for the example app. The real app (embedded Jetty 12, sign-up, magic links, TOTP,
 * passkeys, sessions, the widget) arrives with the "servlet filters and the example app" issue;
 * until then this main only says so, and does not pretend to be more.
 *
 * <p>Not instantiable; run it as {@code java -jar examples/target/hiroi-example.jar}.
 */
public final class ExampleApp {
  static final String MESSAGE =
      String.join(
          System.lineSeparator(),
          "hiroi example app: not built yet.",
          "This placeholder will become a small chat-widget SaaS on embedded Jetty 12 that wires every",
          "hiroi module: sign-up and sign-in with Argon2id passwords, magic links, password reset,",
          "TOTP with recovery codes, passkeys, server-side sessions, CSRF, rate limits, the widget",
          "with its Origin safelist and signed session tokens, and a verifiable audit log.",
          "What works today, as libraries (see README.md): hiroi-crypto, hiroi-ratelimit,",
          "hiroi-widget-token, hiroi-audit, the first half of hiroi-auth, the first servlet filters,",
          "and the hiroi command line (java -jar hiroi-cli/target/hiroi-cli.jar --help).");

  private ExampleApp() {}

  /**
   * Prints what the example app will become.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println(MESSAGE);
  }
}
