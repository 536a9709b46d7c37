package io.hiroi.cli.internal;

import io.hiroi.crypto.KeyRing;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --keyring F} option that every keyed command shares. */
final class KeyRingOption {
  @Option(
      names = "--keyring",
      required = true,
      paramLabel = "F",
      description =
          "Key ring JSON file, {\"primary\": 1, \"keys\": [{\"kid\": 1, \"secret\": \"<base64>\"}]},"
              + " as 'hiroi keygen' writes it. Keep it readable by its owner only (chmod 600).")
  private Path file;

  /**
   * Loads the key ring named by {@code --keyring}.
   *
   * @return the key ring
   * @throws io.hiroi.crypto.KeyRingException if the file is missing, unreadable or invalid
   */
  KeyRing load() {
    return KeyRing.fromFile(file);
  }
}
