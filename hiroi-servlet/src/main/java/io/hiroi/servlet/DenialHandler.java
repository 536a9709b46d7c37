package io.hiroi.servlet;

import io.hiroi.servlet.internal.Errors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes the response for a refused request. The {@link #standard()} handler sends the denial's
 * status with a short generic body that says nothing about why ({@code Too many requests}, {@code
 * Request refused}), {@code Retry-After} in whole seconds when known, {@code Cache-Control:
 * no-store}, and {@code WWW-Authenticate: Bearer} on a refused widget session token (RFC 6750). A
 * refused HTTP/1.x request that carries a body nobody read also gets {@code Connection: close}: the
 * body is not read for a request already refused, and the server drops such a connection after
 * the response, so the header keeps a client from sending its next request on it. A host that
 * wants its own page or JSON error replaces it; it should keep the answer as generic.
 *
 * <p>Implementations must be thread-safe: one handler serves every request.
 */
@FunctionalInterface
public interface DenialHandler {
  /**
   * Writes the response; the filter chain does not go on after it.
   *
   * @param request the refused request
   * @param response its response, not yet committed
   * @param denial why it was refused
   * @throws IOException when writing fails
   */
  void deny(HttpServletRequest request, HttpServletResponse response, Denial denial) throws IOException;

  /**
   * The safe default described above.
   *
   * @return the handler
   */
  static DenialHandler standard() {
    return (request, response, denial) -> {
      response.setStatus(denial.status());
      denial.retryAfter().ifPresent(d -> {
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        response.setHeader("Retry-After", Long.toString(Math.max(1, seconds)));
      });
      if (denial.reason() == Denial.Reason.WIDGET_TOKEN_INVALID) {
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      }
      response.setHeader("Cache-Control", "no-store");
      if (hasUnreadBody(request) && request.getProtocol().startsWith("HTTP/1.")) {
        response.setHeader("Connection", "close");
      }
      response.setContentType("text/plain; charset=utf-8");
      String body = denial.status() == 429 ? "Too many requests\n" : "Request refused\n";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    };
  }

  /** Whether the request announced a body (a length above zero, or chunked); the filters read none. */
  private static boolean hasUnreadBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  /**
   * Sends a browser without a live session to the sign-in page: a {@code GET} or {@code HEAD}
   * refused with {@link Denial.Reason#SESSION_REQUIRED} gets {@code 303 See Other} to {@code
   * signInPath} (with {@code Cache-Control: no-store}); every other denial, a {@code POST} among
   * them and an unavailable session store (a redirect would look like a sign-out), gets the
   * {@link #standard()} answer. The target is a fixed path of this site, so the redirect can never
   * be steered elsewhere.
   *
   * @param signInPath the sign-in page, a path of this site such as {@code /login}
   * @return the handler
   * @throws NullPointerException when {@code signInPath} is {@code null}
   * @throws IllegalArgumentException when it is not a local path ({@code /...}, not {@code //...},
   *     printable ASCII without {@code \})
   */
  static DenialHandler redirectToSignIn(String signInPath) {
    Objects.requireNonNull(signInPath, "signInPath");
    boolean local = signInPath.startsWith("/") && !signInPath.startsWith("//") && signInPath.length() <= 1024;
    for (int i = 0; local && i < signInPath.length(); i++) {
      char c = signInPath.charAt(i);
      local = c > 0x20 && c < 0x7f && c != '\\';
    }
    if (!local) {
      throw Errors.invalid("signInPath", "a local path: /..., not //..., printable ASCII without \\");
    }
    return new SignInRedirect(signInPath);
  }
}
