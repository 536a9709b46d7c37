package io.hiroi.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Writes {@link SecurityHeaders} on every response before the application runs (so they are
 * there however the response is committed), with a fresh 128-bit CSP nonce from {@link
 * SecureRandom} per request. The page reads the nonce from the request attribute {@link
 * #CSP_NONCE_ATTRIBUTE} and puts it on its {@code <script nonce=...>} and {@code <style nonce=...>}
 * elements.
 *
 * <p>Thread-safe; create one per application and register it first in the chain.
 */
public final class SecurityHeadersFilter implements Filter {
  /** The request attribute that holds the response's CSP nonce (a String). */
  public static final String CSP_NONCE_ATTRIBUTE = "io.hiroi.servlet.cspNonce";

  private static final int NONCE_BYTES = 16;

  private final SecurityHeaders headers;
  private final SecureRandom random = new SecureRandom();

  private SecurityHeadersFilter(SecurityHeaders headers) {
    this.headers = headers;
  }

  /**
   * Creates the filter.
   *
   * @param headers the headers to write
   * @return the filter
   * @throws NullPointerException when {@code headers} is {@code null}
   */
  public static SecurityHeadersFilter create(SecurityHeaders headers) {
    return new SecurityHeadersFilter(Objects.requireNonNull(headers, "headers"));
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (response instanceof HttpServletResponse) {
      byte[] bytes = new byte[NONCE_BYTES];
      random.nextBytes(bytes);
      String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      request.setAttribute(CSP_NONCE_ATTRIBUTE, nonce);
      HttpServletResponse http = (HttpServletResponse) response;
      for (Map.Entry<String, String> h : headers.headers(nonce, request.isSecure()).entrySet()) {
        http.setHeader(h.getKey(), h.getValue());
      }
    }
    chain.doFilter(request, response);
  }

  @Override
  public String toString() {
    return "SecurityHeadersFilter{" + headers + "}";
  }
}
