package io.hiroi.cli;

/** Entry point of {@code hiroi-cli.jar}. Not instantiable. */
public final class Main {
  private Main() {}

  /**
   * Runs one command and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(2);
  }
}
