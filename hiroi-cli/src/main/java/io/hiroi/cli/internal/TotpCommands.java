package io.hiroi.cli.internal;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.crypto.spec.SecretKeySpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hiroi totp ...}: RFC 6238 time-based one-time passwords. */
@Command(name = "totp", description = "Checks TOTP codes (RFC 6238).")
final class TotpCommands implements Callable<Integer> {
  /** The most bytes of a secret read from standard input. */
  static final int MAX_SECRET_READ_BYTES = 1024;

  /** The shortest secret accepted: RFC 4226 section 4, requirement R6, asks for 128 bits. */
  static final int MIN_SECRET_BYTES = 16;

  private static final Duration STEP = Duration.ofSeconds(30);
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), Errors.missingCommand(spec.qualifiedName()));
  }

  /**
   * Decodes an RFC 4648 base32 secret as authenticator apps show it: case, spaces and trailing
   * {@code =} padding are ignored; anything else outside the alphabet is an error.
   *
   * @return the secret bytes, or {@code null} if the text is not base32
   */
  static byte[] base32(String text) {
    String s = text.replace(" ", "").toUpperCase(Locale.ROOT);
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    int rest = end % 8;
    if (rest == 1 || rest == 3 || rest == 6) {
      return null; // no whole byte ends there
    }
    byte[] out = new byte[end * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int o = 0;
    for (int i = 0; i < end; i++) {
      int v = ALPHABET.indexOf(s.charAt(i));
      if (v < 0) {
        return null;
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[o++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    if ((buffer & ((1 << bits) - 1)) != 0) {
      return null; // non-zero padding bits: not the canonical encoding of any secret
    }
    return out;
  }

  /** Where the secret comes from: exactly one of the two. */
  static final class SecretSource {
    @Option(
        names = "--secret",
        paramLabel = "BASE32",
        description =
            "The shared secret in base32 (as in the otpauth:// URI). Arguments are visible to other"
                + " users of this machine in process listings; prefer --secret-stdin.")
    String secret;

    @Option(names = "--secret-stdin", description = "Read the base32 secret from standard input (one line).")
    boolean fromStdin;
  }

  /** {@code hiroi totp verify}: exit 0 if the code is valid at the time (+-1 step). */
  @Command(
      name = "verify",
      description = {
        "Exits 0 if the code is valid for the secret at the given time, allowing one 30-second step"
            + " either side; 1 if it is not. Nothing is printed on standard output.",
        "%nThis checks a code only: it keeps no replay guard (a service must refuse a code used"
            + " once; hiroi-auth's TotpService does)."
      })
  static final class Verify implements Callable<Integer> {
    private final Io io;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private SecretSource source;

    @Option(names = "--code", required = true, paramLabel = "C", description = "The code, 6 or 8 digits.")
    private String code;

    @Option(names = "--at", paramLabel = "EPOCH", description = "The time, in seconds since 1970 (default: now).")
    private Long at;

    @Option(
        names = "--algorithm",
        paramLabel = "A",
        description = "SHA1 (default, what most apps use), SHA256 or SHA512.")
    private String algorithm = "SHA1";

    @Option(names = "--digits", paramLabel = "N", description = "6 (default) or 8.")
    private int digits = 6;

    Verify(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws IOException {
      String hmac;
      switch (algorithm.toUpperCase(Locale.ROOT)) {
        case "SHA1":
          hmac = "HmacSHA1";
          break;
        case "SHA256":
          hmac = "HmacSHA256";
          break;
        case "SHA512":
          hmac = "HmacSHA512";
          break;
        default:
          throw new UsageException(Errors.invalidSetting("--algorithm must be SHA1, SHA256 or SHA512"));
      }
      if (digits != 6 && digits != 8) {
        throw new UsageException(Errors.invalidSetting("--digits must be 6 or 8"));
      }
      if (code.length() != digits || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new UsageException(Errors.invalidSetting("--code must be exactly " + digits + " ASCII digits"));
      }
      byte[] secret = readSecret();
      try {
        Instant when = at == null ? Instant.now() : Instant.ofEpochSecond(at);
        TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, digits, hmac);
        SecretKeySpec key = new SecretKeySpec(secret, hmac);
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        boolean valid = false;
        for (int step = -1; step <= 1; step++) {
          Instant t = when.plus(STEP.multipliedBy(step));
          String expected = String.format(Locale.ROOT, "%0" + digits + "d", generator.generateOneTimePassword(key, t));
          valid |= MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given);
        }
        return valid ? Cli.OK : io.reject(Errors.totpCodeInvalid());
      } catch (InvalidKeyException e) {
        throw new UsageException(Errors.invalidSetting("the secret is not usable as an HMAC key"), e);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }

    private byte[] readSecret() throws IOException {
      String text;
      if (source.fromStdin) {
        Io.Input input = io.readText(MAX_SECRET_READ_BYTES);
        byte[] bytes = input.bytes();
        try {
          if (input.truncated()) {
            throw new UsageException(Errors.invalidSetting("the secret on standard input must be at most " + MAX_SECRET_READ_BYTES + " bytes"));
          }
          text = new String(bytes, StandardCharsets.US_ASCII).strip();
        } finally {
          Arrays.fill(bytes, (byte) 0);
        }
      } else {
        text = source.secret;
      }
      byte[] secret = base32(text);
      if (secret == null) {
        throw new UsageException(Errors.invalidSetting("the secret is not base32 (A-Z, 2-7; spaces and = padding allowed)"));
      }
      if (secret.length < MIN_SECRET_BYTES) {
        Arrays.fill(secret, (byte) 0);
        throw new UsageException(Errors.invalidSetting("the secret must be at least " + MIN_SECRET_BYTES + " bytes (RFC 4226 R6)"));
      }
      return secret;
    }
  }
}
