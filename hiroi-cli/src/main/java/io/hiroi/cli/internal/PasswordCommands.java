package io.hiroi.cli.internal;

import io.hiroi.crypto.PasswordHasher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hiroi password ...}: Argon2id password hashes (PHC strings) over standard input. */
@Command(name = "password", description = "Hashes passwords with Argon2id and checks them.")
final class PasswordCommands implements Callable<Integer> {
  /**
   * The most bytes read as a password. The hasher has its own, lower limit (1024 UTF-8 bytes by
   * default); this one only stops reading a file that was piped in by mistake.
   */
  static final int MAX_PASSWORD_READ_BYTES = 64 * 1024;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), Errors.missingCommand(spec.qualifiedName()));
  }

  /**
   * Reads the password from standard input: exactly one trailing line end removed, the rest
   * (spaces included) decoded as strict UTF-8. The byte buffers are zeroed; the caller zeroes the
   * returned array.
   */
  static char[] readPassword(Io io) throws IOException {
    Io.Input input = io.readText(MAX_PASSWORD_READ_BYTES);
    byte[] bytes = input.bytes();
    try {
      if (input.truncated()) {
        throw new UsageException(Errors.passwordTooLarge(MAX_PASSWORD_READ_BYTES));
      }
      if (bytes.length == 0) {
        throw new UsageException(Errors.passwordMissing());
      }
      CharsetDecoder decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      CharBuffer chars;
      try {
        chars = decoder.decode(ByteBuffer.wrap(bytes));
      } catch (CharacterCodingException e) {
        throw new UsageException(Errors.passwordNotUtf8(), e);
      }
      char[] password = new char[chars.remaining()];
      chars.get(password);
      if (chars.hasArray()) {
        Arrays.fill(chars.array(), '\0');
      }
      return password;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** {@code hiroi password hash}: standard input's password to its PHC string. */
  @Command(
      name = "hash",
      description = {
        "Prints the Argon2id hash (PHC string) of the password on standard input.",
        "%nOne trailing line end is ignored; everything else, spaces included, is the password,"
            + " read as UTF-8. The parameters are the OWASP defaults (m=19456 KiB, t=2, p=1, a"
            + " 16-byte random salt, a 32-byte hash). Prints"
            + " $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>, then \\n."
      })
  static final class Hash implements Callable<Integer> {
    private final Io io;

    Hash(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws IOException {
      char[] password = readPassword(io);
      try {
        io.writeLine(PasswordHasher.defaults().hash(password));
        return Cli.OK;
      } finally {
        Arrays.fill(password, '\0');
      }
    }
  }

  /** {@code hiroi password verify --hash H}: exit 0 if standard input's password matches H. */
  @Command(
      name = "verify",
      description = {
        "Exits 0 if the password on standard input matches the hash, 1 if it does not.",
        "%nOne trailing line end is ignored, as for 'hiroi password hash'. Nothing is printed on"
            + " standard output. A hash that is not an argon2id PHC string (or exceeds the verify"
            + " limits) is a usage error, exit 2: broken stored data is not a wrong password."
      })
  static final class Verify implements Callable<Integer> {
    private final Io io;

    @Option(
        names = "--hash",
        required = true,
        paramLabel = "H",
        description =
            "The stored PHC string, $argon2id$v=19$m=...,t=...,p=...$<salt>$<hash>; quote it in"
                + " single quotes, since it holds $ signs.")
    private String hash;

    Verify(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws IOException {
      char[] password = readPassword(io);
      try {
        if (!PasswordHasher.defaults().verify(hash, password)) {
          return io.reject(Errors.wrongPassword());
        }
        return Cli.OK;
      } finally {
        Arrays.fill(password, '\0');
      }
    }
  }
}
