package io.hiroi.cli.internal;

import io.hiroi.crypto.CredentialCipher;
import io.hiroi.crypto.DecryptFailure;
import io.hiroi.crypto.Decryption;
import io.hiroi.crypto.Rewrap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hiroi encrypt|decrypt|rewrap}: credential envelopes v1 over standard input and output. */
final class EnvelopeCommands {
  /** The largest plaintext accepted, as {@link CredentialCipher} accepts by default. */
  static final int MAX_PLAINTEXT_BYTES = CredentialCipher.DEFAULT_MAX_PLAINTEXT_BYTES;

  /**
   * The longest envelope text read: above the base64url length of the largest envelope, so that
   * every longer input is rejected as malformed without reading it whole.
   */
  static final int MAX_ENVELOPE_CHARS = 128 * 1024;

  private EnvelopeCommands() {}

  /** {@code --purpose P --context C}, shared by the three commands, and the cipher they give. */
  static final class Options {
    @Option(
        names = "--purpose",
        paramLabel = "P",
        defaultValue = CredentialCipher.DEFAULT_PURPOSE,
        description =
            "Purpose whose key encrypts, such as hiroi-totp-v1; it must be the purpose the envelope"
                + " was written for (default: ${DEFAULT-VALUE}, the library's default purpose).")
    private String purpose;

    @Option(
        names = "--context",
        required = true,
        paramLabel = "C",
        description =
            "The record the envelope is bound to, such as tenant/42/credential/7/linkedin (1 to 1024"
                + " characters). An envelope decrypts only with the context it was written with.")
    private String context;

    CredentialCipher cipher(KeyRingOption keyRing) {
      return CredentialCipher.builder(keyRing.load()).purpose(purpose).build();
    }

    String context() {
      return context;
    }
  }

  /** Reads one envelope from standard input, or {@code null} if it is too long to be one. */
  private static String readEnvelope(Io io) throws IOException {
    Io.Input input = io.readText(MAX_ENVELOPE_CHARS);
    if (input.truncated()) {
      return null;
    }
    // Latin-1 maps every byte to one char, so a stray byte stays visible to the strict decoder.
    return new String(input.bytes(), StandardCharsets.ISO_8859_1);
  }

  /** {@code hiroi encrypt}: plaintext bytes in, envelope v1 text out. */
  @Command(
      name = "encrypt",
      description = {
        "Encrypts standard input into an envelope v1 under the primary key.",
        "%nThe plaintext is read byte for byte, at most " + MAX_PLAINTEXT_BYTES + " bytes; a"
            + " trailing line end is part of it (use printf '%%s', not echo). The envelope is printed"
            + " as base64url without padding, then \\n."
      })
  static final class EncryptCommand implements Callable<Integer> {
    private final Io io;

    @Mixin private KeyRingOption keyRing;
    @Mixin private Options options;

    EncryptCommand(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws IOException {
      CredentialCipher cipher = options.cipher(keyRing);
      Io.Input input = io.readBinary(MAX_PLAINTEXT_BYTES);
      byte[] plaintext = input.bytes();
      try {
        if (input.truncated()) {
          throw new UsageException(Errors.plaintextTooLarge(MAX_PLAINTEXT_BYTES));
        }
        io.writeLine(cipher.encrypt(plaintext, options.context()));
        return Cli.OK;
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  /** {@code hiroi decrypt}: envelope text in, plaintext bytes out. */
  @Command(
      name = "decrypt",
      description = {
        "Decrypts the envelope on standard input.",
        "%nOne trailing line end after the envelope is ignored. The plaintext is written to standard"
            + " output byte for byte, nothing added. If the envelope does not decrypt (changed, or"
            + " written for another context, purpose or key ring, or under a key id no longer in the"
            + " ring), exits 1 with the reason on standard error and writes nothing."
      })
  static final class DecryptCommand implements Callable<Integer> {
    private final Io io;

    @Mixin private KeyRingOption keyRing;
    @Mixin private Options options;

    DecryptCommand(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws IOException {
      CredentialCipher cipher = options.cipher(keyRing);
      String envelope = readEnvelope(io);
      if (envelope == null) {
        return io.reject(Errors.decryptFailed(DecryptFailure.MALFORMED));
      }
      try (Decryption decryption = cipher.decrypt(envelope, options.context())) {
        if (!decryption.isSuccess()) {
          return io.reject(Errors.decryptFailed(decryption.failure().orElseThrow()));
        }
        io.writeBinary(decryption.plaintext());
        return Cli.OK;
      }
    }
  }

  /** {@code hiroi rewrap}: envelope text in, the same plaintext's envelope under the primary key out. */
  @Command(
      name = "rewrap",
      description = {
        "Re-encrypts the envelope on standard input under the primary key.",
        "%nOne trailing line end after the envelope is ignored. The new envelope (same plaintext"
            + " and context, fresh IV) is printed as base64url, then \\n. Use it after a rotation"
            + " ('hiroi keyring add --primary'). If the envelope does not decrypt, exits 1 with the"
            + " reason on standard error and prints nothing."
      })
  static final class RewrapCommand implements Callable<Integer> {
    private final Io io;

    @Mixin private KeyRingOption keyRing;
    @Mixin private Options options;

    RewrapCommand(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws IOException {
      CredentialCipher cipher = options.cipher(keyRing);
      String envelope = readEnvelope(io);
      if (envelope == null) {
        return io.reject(Errors.decryptFailed(DecryptFailure.MALFORMED));
      }
      Rewrap rewrap = cipher.rewrap(envelope, options.context());
      if (!rewrap.isSuccess()) {
        return io.reject(Errors.decryptFailed(rewrap.failure().orElseThrow()));
      }
      io.writeLine(rewrap.envelope());
      return Cli.OK;
    }
  }
}
