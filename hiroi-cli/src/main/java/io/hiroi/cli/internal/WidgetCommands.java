package io.hiroi.cli.internal;

import io.hiroi.core.SecretBytes;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.TokenClaims;
import io.hiroi.crypto.internal.Json;
import io.hiroi.crypto.internal.StrictBase64Url;
import io.hiroi.widget.VisitorIdentity;
import io.hiroi.widget.WidgetSessionTokens;
import io.hiroi.widget.WidgetSessionVerification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hiroi widget ...}: widget signing secrets and session tokens. */
@Command(name = "widget", description = "Widget signing secrets and widget session tokens (HS256).")
final class WidgetCommands implements Callable<Integer> {
  /** The longest token read from standard input, in characters. */
  static final int MAX_TOKEN_CHARS = 4096;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), Errors.missingCommand(spec.qualifiedName()));
  }

  /** The {@code --widget W} option. */
  static final class WidgetOption {
    @Option(
        names = "--widget",
        required = true,
        paramLabel = "W",
        description = "Widget id: 1 to 64 characters of [A-Za-z0-9_-], starting with a letter or digit.")
    String widget;
  }

  /** {@code hiroi widget secret --keyring F --widget W [--kid N]}. */
  @Command(
      name = "secret",
      description = {
        "Prints a widget's signing secret, base64url without padding, for the customer's own backend.",
        "%nThe secret is HKDF-SHA256(master[kid], info \"hiroi-widget-session-v1:<W>\"), 32 bytes: the"
            + " HS256 key of the widget's session tokens, whose kid header is <W>.<kid>. Whoever holds"
            + " it can mint tokens for the widget: hand it to the customer once, over an"
            + " authenticated channel. With --identity, prints instead the widget's visitor-identity"
            + " secret (info \"hiroi-widget-identity-v1:<W>\"), the HMAC-SHA256 key of user_hash."
      })
  static final class Secret implements Callable<Integer> {
    private final Io io;

    @Mixin private KeyRingOption keyRing;
    @Mixin private WidgetOption widget;

    @Option(names = "--kid", paramLabel = "N", description = "Key id to export under (default: the primary).")
    private Integer kid;

    @Option(names = "--identity", description = "Print the visitor-identity (user_hash) secret instead.")
    private boolean identity;

    Secret(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      KeyRing ring = keyRing.load();
      int keyId = kid == null ? ring.primaryKeyId() : kid;
      SecretBytes secret = identity
          ? VisitorIdentity.create(ring).identitySecret(widget.widget, keyId)
          : WidgetSessionTokens.builder(ring).build().widgetSecret(widget.widget, keyId);
      byte[] bytes = secret.toByteArray();
      try {
        io.writeLine(StrictBase64Url.encode(bytes));
      } finally {
        Arrays.fill(bytes, (byte) 0);
        secret.destroy();
      }
      return Cli.OK;
    }
  }

  /** {@code hiroi widget token --keyring F --widget W --origin O --visitor V [--ttl S]}. */
  @Command(
      name = "token",
      description = {
        "Prints a widget session token for a visitor on a page of origin O.",
        "%nThe token is an HS256 JWS with sub = V, aud = W, orig = O normalized, iat, exp, jti, signed"
            + " under the primary key id (kid <W>.<kid>)."
      })
  static final class Token implements Callable<Integer> {
    private final Io io;

    @Mixin private KeyRingOption keyRing;
    @Mixin private WidgetOption widget;

    @Option(names = "--origin", required = true, paramLabel = "O", description = "The page's origin, https://host[:port].")
    private String origin;

    @Option(names = "--visitor", required = true, paramLabel = "V", description = "The visitor id (sub), 1 to 256 characters.")
    private String visitor;

    @Option(names = "--ttl", paramLabel = "S", description = "Time to live in seconds, 60 to 86400 (default 3600).")
    private Long ttlSeconds;

    Token(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      long min = WidgetSessionTokens.MIN_TTL.getSeconds();
      long max = WidgetSessionTokens.MAX_TTL.getSeconds();
      Duration ttl = WidgetSessionTokens.DEFAULT_TTL;
      if (ttlSeconds != null) {
        if (ttlSeconds < min || ttlSeconds > max) {
          throw new UsageException(Errors.widgetTtlRange(min, max));
        }
        ttl = Duration.ofSeconds(ttlSeconds);
      }
      WidgetSessionTokens tokens = WidgetSessionTokens.builder(keyRing.load()).build();
      io.writeLine(tokens.issue(widget.widget, origin, visitor, ttl));
      return Cli.OK;
    }
  }

  /** {@code hiroi widget verify --keyring F --widget W --origin O}: stdin token to claims JSON. */
  @Command(
      name = "verify",
      description = {
        "Verifies the widget session token on standard input for widget W and request origin O.",
        "%nPrints its claims as one line of JSON (sub, aud, orig, iat, exp, jti) and exits 0, or exits"
            + " 1 with the reason (MALFORMED, UNSUPPORTED_ALGORITHM, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED,"
            + " NOT_YET_VALID, TOO_LONG_LIVED, WRONG_WIDGET, WRONG_ORIGIN) on standard error."
      })
  static final class Verify implements Callable<Integer> {
    private final Io io;

    @Mixin private KeyRingOption keyRing;
    @Mixin private WidgetOption widget;

    @Option(names = "--origin", required = true, paramLabel = "O", description = "The request's Origin header value.")
    private String origin;

    Verify(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws IOException {
      WidgetSessionTokens tokens = WidgetSessionTokens.builder(keyRing.load()).build();
      Io.Input input = io.readText(MAX_TOKEN_CHARS);
      if (input.truncated()) {
        throw new UsageException(Errors.widgetTokenTooLarge(MAX_TOKEN_CHARS));
      }
      String token = new String(input.bytes(), StandardCharsets.ISO_8859_1);
      WidgetSessionVerification v = tokens.verify(token, widget.widget, origin);
      if (!v.isValid()) {
        return io.reject(Errors.widgetTokenRejected(v.failure().orElseThrow(AssertionError::new).name()));
      }
      io.writeLine(claimsJson(v));
      return Cli.OK;
    }

    private static String claimsJson(WidgetSessionVerification v) {
      TokenClaims c = v.claims();
      StringBuilder out = new StringBuilder("{");
      Json.quote(out.append("\"sub\":"), v.visitorId());
      Json.quote(out.append(",\"aud\":"), c.audiences().get(0));
      Json.quote(out.append(",\"orig\":"), v.origin());
      out.append(",\"iat\":").append(c.issuedAt().orElseThrow(AssertionError::new).getEpochSecond());
      out.append(",\"exp\":").append(c.expiresAt().getEpochSecond());
      Json.quote(out.append(",\"jti\":"), c.jwtId().orElseThrow(AssertionError::new));
      return asciiJson(out.append('}').toString());
    }

    /** Escapes every non-ASCII character as backslash-u, so the line is ASCII (Io writes ASCII). */
    private static String asciiJson(String json) {
      StringBuilder out = new StringBuilder(json.length());
      for (int i = 0; i < json.length(); i++) {
        char c = json.charAt(i);
        if (c < 0x80) {
          out.append(c);
        } else {
          out.append(String.format("\\u%04x", (int) c));
        }
      }
      return out.toString();
    }
  }
}
