package io.hiroi.cli.internal;

import io.hiroi.crypto.ApiKey;
import io.hiroi.crypto.ApiKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hiroi apikey ...}: issues API keys and checks their format. */
@Command(name = "apikey", description = "Issues API keys and checks their format and checksum.")
final class ApiKeyCommands implements Callable<Integer> {
  /** The longest text read as a key; any longer input is not a key (the longest key is 74 chars). */
  static final int MAX_KEY_CHARS = 256;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), Errors.missingCommand(spec.qualifiedName()));
  }

  /** {@code hiroi apikey new --keyring F --prefix P}: the key once, and the hash to store. */
  @Command(
      name = "new",
      description = {
        "Prints a new API key (line 1) and the hash to store (line 2).",
        "%nLine 1 is the key, <prefix>_<43 base62 chars: 256 random bits><6 base62 chars: CRC32>:"
            + " show it to its owner once, it cannot be recovered. Line 2 is the hash to store,"
            + " <kid>:<64 hex digits>, HMAC-SHA256 under the hiroi-apikey-v1 key of the primary key id."
      })
  static final class New implements Callable<Integer> {
    private final Io io;

    @Mixin private KeyRingOption keyRing;

    @Option(
        names = "--prefix",
        required = true,
        paramLabel = "P",
        description = "Key prefix such as hk_live: [a-z][a-z0-9]*(_[a-z0-9]+)*, at most 24 characters.")
    private String prefix;

    New(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      ApiKeys apiKeys = ApiKeys.create(keyRing.load(), prefix);
      ApiKey key = apiKeys.generate();
      io.writeLine(key.reveal());
      io.writeLine(apiKeys.hash(key));
      return Cli.OK;
    }
  }

  /** {@code hiroi apikey check}: exit 0 if standard input holds a well-formed key. */
  @Command(
      name = "check",
      description = {
        "Exits 0 if the API key on standard input has a valid format and checksum.",
        "%nOne trailing line end after the key is ignored. Any prefix is accepted. Exits 1 if the"
            + " format or checksum does not hold (a typo, a truncated or made-up key), printing"
            + " nothing on standard output. Needs no key ring, and says nothing about whether the"
            + " key was ever issued."
      })
  static final class Check implements Callable<Integer> {
    private final Io io;

    Check(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws IOException {
      Io.Input input = io.readText(MAX_KEY_CHARS);
      if (input.truncated()
          || !ApiKeys.isWellFormed(new String(input.bytes(), StandardCharsets.ISO_8859_1))) {
        return io.reject(Errors.apiKeyMalformed());
      }
      return Cli.OK;
    }
  }
}
