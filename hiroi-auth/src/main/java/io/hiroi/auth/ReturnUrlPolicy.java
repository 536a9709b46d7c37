package io.hiroi.auth;

import io.hiroi.auth.internal.Errors;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a return URL (after sign-in, after an OAuth flow) may be redirected to: only a
 * same-origin relative path, so that no value can send the browser to another site (an open
 * redirect) or to a {@code javascript:} URL. It is an allowlist, not a blocklist: the URL must
 * start with a single {@code /}, hold only RFC 3986 path, query and fragment characters (no
 * backslash, no space or control character, no non-ASCII character; percent-encode those), and
 * its percent-encodings (anywhere, the query included) must be well formed, valid UTF-8, and never
 * encode a separator ({@code /}, {@code \}), a dot, a {@code %} (double encoding) or a control
 * character. No path segment may be {@code .} or {@code ..} (also not as {@code ..;params}).
 * Optionally the path must start with one of a few allowed prefixes.
 *
 * <p>What it accepts is exactly what it returns: it never rewrites a URL into another one, so what
 * was checked is what is used.
 *
 * <p>Immutable and thread-safe; share one instance.
 *
 * <pre>{@code
 * ReturnUrlPolicy returns = ReturnUrlPolicy.sameOrigin();
 * String target = returns.check(request.getParameter("return")).orElse("/"); // never another site
 * }</pre>
 */
public final class ReturnUrlPolicy {
  /** The longest return URL accepted. */
  public static final int MAX_LENGTH = 2048;

  /** Why a return URL was refused. */
  public enum Rejection {
    /** Empty or absent. */
    EMPTY,
    /** Longer than {@link #MAX_LENGTH}. */
    TOO_LONG,
    /** Not starting with {@code /}: an absolute URL, a scheme such as {@code javascript:}, a bare name. */
    NOT_A_PATH,
    /** Starting with {@code //} or {@code /\}: another host to a browser. */
    PROTOCOL_RELATIVE,
    /** A character outside the allowed set: backslash, space, control, non-ASCII, quotes, brackets. */
    FORBIDDEN_CHARACTER,
    /** A {@code %} not followed by two hex digits, or percent-encoded bytes that are not UTF-8. */
    BAD_ENCODING,
    /** A percent-encoded {@code /}, {@code \}, {@code .}, {@code %} or control character. */
    ENCODED_SEPARATOR,
    /** A {@code .} or {@code ..} path segment. */
    TRAVERSAL,
    /** A path outside the allowed prefixes. */
    OUTSIDE_ALLOWED_PATHS
  }

  private static final boolean[] ALLOWED = new boolean[128];

  static {
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?#%";
    for (char c : chars.toCharArray()) {
      ALLOWED[c] = true;
    }
  }

  private final List<String> prefixes;

  private ReturnUrlPolicy(List<String> prefixes) {
    this.prefixes = prefixes;
  }

  /**
   * Returns the policy that accepts any safe same-origin path.
   *
   * @return the policy
   */
  public static ReturnUrlPolicy sameOrigin() {
    return new ReturnUrlPolicy(List.of());
  }

  /**
   * Returns a policy that also requires the path to start with one of {@code prefixes}.
   *
   * @param prefixes safe paths themselves, each ending with {@code /} (such as {@code /app/})
   * @return the policy
   * @throws IllegalArgumentException if no prefix is given or a prefix is not itself accepted or
   *     does not end with {@code /}
   * @throws NullPointerException if a prefix is null
   */
  public static ReturnUrlPolicy sameOriginUnder(String... prefixes) {
    if (prefixes.length == 0) {
      throw Errors.outOfRange("prefixes", "at least one", 0);
    }
    List<String> list = new ArrayList<>();
    for (String p : prefixes) {
      Objects.requireNonNull(p, "prefix");
      if (!p.endsWith("/") || sameOrigin().rejection(p) != null || p.indexOf('?') >= 0 || p.indexOf('#') >= 0) {
        throw Errors.outOfRange("prefix", "a safe path ending with /", "a prefix of " + p.length() + " characters");
      }
      list.add(p);
    }
    return new ReturnUrlPolicy(List.copyOf(list));
  }

  /**
   * Checks a return URL.
   *
   * @param url the candidate, as received; {@code null} counts as empty
   * @return {@code url} itself if it is accepted, else empty
   */
  public java.util.Optional<String> check(String url) {
    return rejection(url) == null ? java.util.Optional.of(url) : java.util.Optional.empty();
  }

  /**
   * Tells why a return URL is refused, for logs.
   *
   * @param url the candidate; {@code null} counts as empty
   * @return the reason, or {@code null} if it is accepted
   */
  public Rejection rejection(String url) {
    if (url == null || url.isEmpty()) {
      return Rejection.EMPTY;
    }
    if (url.length() > MAX_LENGTH) {
      return Rejection.TOO_LONG;
    }
    if (url.charAt(0) != '/') {
      return Rejection.NOT_A_PATH;
    }
    if (url.length() > 1 && (url.charAt(1) == '/' || url.charAt(1) == '\\')) {
      return Rejection.PROTOCOL_RELATIVE;
    }
    int n = url.length();
    for (int i = 0; i < n; i++) {
      char c = url.charAt(i);
      if (c >= 128 || !ALLOWED[c]) {
        return Rejection.FORBIDDEN_CHARACTER;
      }
    }
    Rejection encoding = checkPercentEncoding(url);
    if (encoding != null) {
      return encoding;
    }
    int pathEnd = n;
    for (int i = 0; i < n; i++) {
      char c = url.charAt(i);
      if (c == '?' || c == '#') {
        pathEnd = i;
        break;
      }
    }
    String path = url.substring(0, pathEnd);
    for (String segment : path.substring(1).split("/", -1)) {
      int semicolon = segment.indexOf(';');
      String name = semicolon < 0 ? segment : segment.substring(0, semicolon);
      if (name.equals(".") || name.equals("..")) {
        return Rejection.TRAVERSAL;
      }
    }
    if (!prefixes.isEmpty()) {
      boolean under = false;
      for (String p : prefixes) {
        under |= path.startsWith(p) || path.equals(p.substring(0, p.length() - 1));
      }
      if (!under) {
        return Rejection.OUTSIDE_ALLOWED_PATHS;
      }
    }
    return null;
  }

  private static Rejection checkPercentEncoding(String url) {
    int n = url.length();
    ByteBuffer run = null;
    for (int i = 0; i <= n; i++) {
      if (i < n && url.charAt(i) == '%') {
        if (i + 2 >= n) {
          return Rejection.BAD_ENCODING;
        }
        int hi = Character.digit(url.charAt(i + 1), 16);
        int lo = Character.digit(url.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Rejection.BAD_ENCODING;
        }
        int b = hi << 4 | lo;
        if (b == '/' || b == '\\' || b == '.' || b == '%' || b < 0x20 || b == 0x7f) {
          return Rejection.ENCODED_SEPARATOR;
        }
        if (run == null) {
          run = ByteBuffer.allocate(n / 3 + 1);
        }
        run.put((byte) b);
        i += 2;
      } else if (run != null) {
        run.flip();
        try {
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(run);
        } catch (CharacterCodingException e) {
          return Rejection.BAD_ENCODING;
        }
        run = null;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "ReturnUrlPolicy[sameOrigin" + (prefixes.isEmpty() ? "" : ", under " + prefixes) + "]";
  }
}
