package io.hiroi.cli.internal;

import io.hiroi.crypto.KeyRing;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hiroi keygen [--kid N]}: a new key ring with one fresh 256-bit key. */
@Command(
    name = "keygen",
    description = {
      "Prints a new key ring with one fresh 256-bit key.",
      "%nThe key comes from SecureRandom and is the ring's primary. The output is the key ring"
          + " JSON, secret included: redirect it to a file only its owner can read, for example"
          + "%n  (umask 077; hiroi keygen > keyring.json)"
    })
final class KeygenCommand implements Callable<Integer> {
  private final Io io;

  @Option(
      names = "--kid",
      paramLabel = "N",
      defaultValue = "1",
      description = "Key id of the new key, 0 to 2147483647 (default: ${DEFAULT-VALUE}).")
  private int kid;

  KeygenCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    KeyRing ring = KeyRing.builder().addGeneratedKey(kid).primary(kid).build();
    byte[] json = ring.exportJson();
    try {
      io.writeBinary(json);
    } finally {
      Arrays.fill(json, (byte) 0);
    }
    return Cli.OK;
  }
}
