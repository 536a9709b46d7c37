package io.hiroi.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.List;

/**
 * Readers of the request headers hiroi's filters use. Each answers {@code null} for anything but
 * one well-formed value, and never throws for any input.
 */
public final class HeaderValues {
  /** The longest bearer token read; longer ones are refused unread. */
  public static final int MAX_BEARER_TOKEN_LENGTH = 4096;

  /** The longest request id accepted from a client or proxy. */
  public static final int MAX_REQUEST_ID_LENGTH = 128;

  private static final String BEARER = "bearer ";

  private HeaderValues() {}

  /**
   * The only value of a header.
   *
   * @param request the request
   * @param name the header's name
   * @return the value, or {@code null} when the header is absent or sent more than once
   */
  public static String single(HttpServletRequest request, String name) {
    Enumeration<String> values = request.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String first = values.nextElement();
    return values.hasMoreElements() ? null : first;
  }

  /**
   * Tells whether a header was sent more than once.
   *
   * @param request the request
   * @param name the header's name
   * @return {@code true} when there are two values or more
   */
  public static boolean repeated(HttpServletRequest request, String name) {
    Enumeration<String> values = request.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return false;
    }
    values.nextElement();
    return values.hasMoreElements();
  }

  /**
   * The token of an {@code Authorization: Bearer <token>} header (RFC 6750, section 2.1): the
   * scheme case-insensitively, one space, then a {@code b64token} of at most {@link
   * #MAX_BEARER_TOKEN_LENGTH} characters ({@code A-Z a-z 0-9 - . _ ~ + /}, then {@code =} only).
   *
   * @param values every {@code Authorization} value of the request
   * @return the token, or {@code null} when there is not exactly one well-formed bearer value
   */
  public static String bearerToken(List<String> values) {
    if (values == null || values.size() != 1 || values.get(0) == null) {
      return null;
    }
    String v = values.get(0);
    if (v.length() <= BEARER.length() || v.length() > BEARER.length() + MAX_BEARER_TOKEN_LENGTH
        || !v.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    boolean padding = false;
    for (int i = BEARER.length(); i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '=') {
        padding = true;
      } else if (padding || !isB64TokenChar(c)) {
        return null;
      }
    }
    String token = v.substring(BEARER.length());
    return token.charAt(0) == '=' ? null : token;
  }

  private static boolean isB64TokenChar(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
        || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
  }

  /**
   * Tells whether a request id is well formed: 1 to {@link #MAX_REQUEST_ID_LENGTH} characters of
   * {@code A-Z a-z 0-9 - _ . : = + /} (UUIDs, base64, AWS {@code Root=1-...}-style ids without
   * {@code ;}), so it can go into a response header, a log line and an audit record unchanged.
   *
   * @param id the candidate, possibly {@code null}
   * @return {@code true} when it may be used as it is
   */
  public static boolean isRequestId(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_REQUEST_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
          || c == '-' || c == '_' || c == '.' || c == ':' || c == '=' || c == '+' || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
