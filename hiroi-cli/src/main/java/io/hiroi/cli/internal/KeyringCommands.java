package io.hiroi.cli.internal;

import io.hiroi.crypto.KeyRing;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hiroi keyring ...}: key ring rotation. */
@Command(name = "keyring", description = "Rotates a key ring.")
final class KeyringCommands implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), Errors.missingCommand(spec.qualifiedName()));
  }

  /** {@code hiroi keyring add --keyring F [--primary]}: F plus one fresh key, F left unchanged. */
  @Command(
      name = "add",
      description = {
        "Prints F with one more fresh 256-bit key (rotation).",
        "%nThe new key's id is the highest id in F plus one. F itself is not changed. The output"
            + " holds every secret: write it to a new file (umask 077), then replace F. Make the new"
            + " key primary (--primary) once every reader has the new ring, then move old envelopes"
            + " with 'hiroi rewrap'."
      })
  static final class Add implements Callable<Integer> {
    private final Io io;

    @Mixin private KeyRingOption keyRing;

    @Option(names = "--primary", description = "Make the new key the primary, used for everything new.")
    private boolean primary;

    Add(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      KeyRing.Builder builder = keyRing.load().toBuilder();
      int kid;
      try {
        kid = builder.nextKeyId();
      } catch (IllegalStateException e) {
        throw new UsageException(e.getMessage(), e);
      }
      builder.addGeneratedKey(kid);
      if (primary) {
        builder.primary(kid);
      }
      byte[] json = builder.build().exportJson();
      try {
        io.writeBinary(json);
      } finally {
        Arrays.fill(json, (byte) 0);
      }
      return Cli.OK;
    }
  }
}
