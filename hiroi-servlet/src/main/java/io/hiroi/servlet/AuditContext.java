package io.hiroi.servlet;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.ClientInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * Who and what an audit event is about, on the request side: the request id (the one echoed in
 * the response's {@code X-Request-Id}), the client's IP address as {@link ClientIpResolver} found
 * it, and the {@code User-Agent}, cut to {@value #MAX_USER_AGENT_LENGTH} characters with control
 * characters and lone surrogates turned into {@code ?}. {@link AuditContextFilter} makes one per
 * request; application code reads it from the request ({@link
 * AuditContextFilter#context(jakarta.servlet.http.HttpServletRequest)}) or, on the request's own
 * thread, from {@link #current()}, and stamps events with {@link #applyTo(AuditEvent.Builder)}.
 *
 * <p>Immutable and thread-safe. The thread-bound copy is set by the filter for the time of the
 * synchronous request and removed in a {@code finally}; it does not follow the request into
 * asynchronous processing or other threads (pass the object itself there).
 */
public final class AuditContext {
  /** The longest {@code User-Agent} kept, in characters (the same bound as {@link ClientInfo}). */
  public static final int MAX_USER_AGENT_LENGTH = ClientInfo.MAX_USER_AGENT_LENGTH;

  private static final ThreadLocal<AuditContext> CURRENT = new ThreadLocal<>();

  private final String requestId;
  private final String ip;
  private final String userAgent;

  private AuditContext(String requestId, String ip, String userAgent) {
    this.requestId = requestId;
    this.ip = ip;
    this.userAgent = userAgent;
  }

  static AuditContext of(String requestId, String ip, String rawUserAgent) {
    return new AuditContext(Objects.requireNonNull(requestId, "requestId"), ip, clean(rawUserAgent));
  }

  /**
   * Returns the context of the request this thread is serving, while {@link AuditContextFilter}
   * runs it.
   *
   * @return the context, or empty outside such a request
   */
  public static Optional<AuditContext> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Binds a context to this thread; returns the one it replaces, for {@link #restore}. */
  static AuditContext bind(AuditContext context) {
    AuditContext previous = CURRENT.get();
    CURRENT.set(context);
    return previous;
  }

  static void restore(AuditContext previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  /**
   * Returns the request id.
   *
   * @return the id: a well-formed one a trusted proxy sent, or a fresh random one
   */
  public String requestId() {
    return requestId;
  }

  /**
   * Returns the client's IP address.
   *
   * @return the address, or empty when the container's remote address was not an IP literal
   */
  public Optional<String> ip() {
    return Optional.ofNullable(ip);
  }

  /**
   * Returns the cleaned, bounded {@code User-Agent}.
   *
   * @return the user agent, or empty when the request had none
   */
  public Optional<String> userAgent() {
    return Optional.ofNullable(userAgent);
  }

  /**
   * Returns the client as hiroi-auth records it with a session.
   *
   * @return the client information
   */
  public ClientInfo clientInfo() {
    return ClientInfo.of(ip, userAgent);
  }

  /**
   * Sets the request id, IP address and user agent (those known) on an audit event being built.
   *
   * @param event the event's builder, with none of the three set yet
   * @return the same builder
   * @throws NullPointerException when {@code event} is {@code null}
   * @throws IllegalStateException when the builder already has one of them
   */
  public AuditEvent.Builder applyTo(AuditEvent.Builder event) {
    Objects.requireNonNull(event, "event");
    event.requestId(requestId);
    if (ip != null) {
      event.ip(ip);
    }
    if (userAgent != null) {
      event.userAgent(userAgent);
    }
    return event;
  }

  private static String clean(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    int n = Math.min(value.length(), MAX_USER_AGENT_LENGTH);
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
        out.append(c).append(value.charAt(++i));
      } else {
        out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
      }
    }
    return out.toString();
  }

  /** Names the request id and address; the user agent is client text and left out. */
  @Override
  public String toString() {
    return "AuditContext{" + requestId + ", " + ip + "}";
  }
}
