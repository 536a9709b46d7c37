package io.hiroi.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the response for a refused request. The {@link #standard()} handler sends the denial's
 * status with a short generic body that says nothing about why ({@code Too many requests} and the
 * like), {@code Retry-After} in whole seconds when known, and {@code Cache-Control: no-store}. A
 * host that wants its own page or JSON error replaces it; it should keep the answer as generic.
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
      response.setHeader("Cache-Control", "no-store");
      response.setContentType("text/plain; charset=utf-8");
      String body = denial.status() == 429 ? "Too many requests\n" : "Request refused\n";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    };
  }
}
