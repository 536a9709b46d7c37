package io.hiroi.servlet;

import io.hiroi.servlet.internal.Errors;
import io.hiroi.servlet.internal.HeaderValues;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Gives every request an {@link AuditContext}: a request id, the client's IP address (from {@link
 * ClientIpResolver}, behind trusted proxies only) and its bounded {@code User-Agent}, as the
 * request attribute {@link #CONTEXT_ATTRIBUTE} (read it with {@link #context(HttpServletRequest)})
 * and, while the request runs on its thread, as {@link AuditContext#current()} (removed in a
 * {@code finally}). The request id is echoed in the response header {@code X-Request-Id}, set
 * before the application runs.
 *
 * <p>By default every request gets a fresh id, a random (version 4) UUID in its usual text form:
 * 122 random bits from {@link SecureRandom}, in a shape that the audit trail's redactor leaves
 * readable (it masks long random-looking runs, and a UUID has none longer than 12), and an
 * incoming {@code X-Request-Id} is ignored: most proxies pass a client's header through
 * unchanged, so a header that arrives through a trusted proxy may still be the client's own. An
 * incoming id is taken over only when the host says so: {@link
 * Builder#acceptRequestIdFromTrustedProxies()} for proxies that set the header themselves,
 * overwriting any the client sent (then only from the resolver's trusted proxies), or {@link
 * Builder#acceptRequestIdFromAnyClient()}; and only when it is one header of 1 to 128 characters
 * of {@code A-Z a-z 0-9 - _ . : = + /}. So a client cannot put text of its choosing into the logs
 * and the audit trail, nor pass one request off as another.
 *
 * <p>Thread-safe; build one and register it first, so that even denials carry a request id.
 */
public final class AuditContextFilter implements Filter {
  /** The request attribute holding the {@link AuditContext}. */
  public static final String CONTEXT_ATTRIBUTE = "io.hiroi.servlet.auditContext";

  /** The request and response header of the request id. */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  private static final int ID_BYTES = 16;

  private final ClientIpResolver ips;
  private final boolean anyClient;
  private final boolean fromProxies;
  private final SecureRandom random = new SecureRandom();

  private AuditContextFilter(Builder b) {
    this.ips = b.ips;
    this.anyClient = b.anyClient;
    this.fromProxies = b.fromProxies;
  }

  /**
   * Starts a builder.
   *
   * @param ips how to find the client's address; its trusted proxies may also pass a request id on
   * @return the builder
   * @throws NullPointerException when {@code ips} is {@code null}
   */
  public static Builder builder(ClientIpResolver ips) {
    return new Builder(Objects.requireNonNull(ips, "ips"));
  }

  /**
   * Returns the audit context of a request that passed this filter.
   *
   * @param request the request
   * @return the context, or empty when the filter did not run
   */
  public static Optional<AuditContext> context(HttpServletRequest request) {
    Object v = request.getAttribute(CONTEXT_ATTRIBUTE);
    return v instanceof AuditContext ? Optional.of((AuditContext) v) : Optional.empty();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    String incoming = HeaderValues.single(http, REQUEST_ID_HEADER);
    boolean trusted = anyClient || (fromProxies && ips.isTrustedProxy(http.getRemoteAddr()));
    String requestId = trusted && HeaderValues.isRequestId(incoming) ? incoming : fresh();
    AuditContext context = AuditContext.of(requestId, clientIp(http), http.getHeader("User-Agent"));
    http.setAttribute(CONTEXT_ATTRIBUTE, context);
    ((HttpServletResponse) response).setHeader(REQUEST_ID_HEADER, requestId);
    AuditContext previous = AuditContext.bind(context);
    try {
      chain.doFilter(request, response);
    } finally {
      AuditContext.restore(previous);
    }
  }

  /** The client's address, or null when the container's remote address is absent or no IP literal (a Unix socket). */
  private String clientIp(HttpServletRequest http) {
    if (http.getRemoteAddr() == null) {
      return null;
    }
    try {
      return ips.resolve(http).getHostAddress();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private String fresh() {
    byte[] b = new byte[ID_BYTES];
    random.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
    b[8] = (byte) ((b[8] & 0x3f) | 0x80); // the IETF variant
    return new UUID(ByteBuffer.wrap(b, 0, 8).getLong(), ByteBuffer.wrap(b, 8, 8).getLong()).toString();
  }

  @Override
  public String toString() {
    return "AuditContextFilter{" + ips + (anyClient ? ", request ids from any client" : fromProxies ? ", request ids from trusted proxies" : "") + "}";
  }

  /**
   * Builds an {@link AuditContextFilter}.
   *
   * <p>Not thread-safe; use it on one thread.
   */
  public static final class Builder {
    private final ClientIpResolver ips;
    private boolean anyClient;
    private boolean fromProxies;

    private Builder(ClientIpResolver ips) {
      this.ips = ips;
    }

    /**
     * Takes a well-formed incoming {@code X-Request-Id} when the connection comes from one of the
     * resolver's trusted proxies. Only for proxies that set the header themselves and overwrite
     * any value the client sent (for example nginx with {@code proxy_set_header X-Request-Id
     * $request_id}); a proxy that passes the client's header through would let the client choose
     * the id.
     *
     * @return this builder
     * @throws IllegalStateException when already called
     */
    public Builder acceptRequestIdFromTrustedProxies() {
      if (fromProxies) {
        throw Errors.alreadySet("acceptRequestIdFromTrustedProxies");
      }
      fromProxies = true;
      return this;
    }

    /**
     * Takes a well-formed incoming {@code X-Request-Id} from any client, not only from the trusted
     * proxies: for a service whose callers are the host's own (another service, a gateway not in
     * the proxy list). A client can then choose the id its requests are logged under.
     *
     * @return this builder
     * @throws IllegalStateException when already called
     */
    public Builder acceptRequestIdFromAnyClient() {
      if (anyClient) {
        throw Errors.alreadySet("acceptRequestIdFromAnyClient");
      }
      anyClient = true;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     */
    public AuditContextFilter build() {
      return new AuditContextFilter(this);
    }
  }
}
