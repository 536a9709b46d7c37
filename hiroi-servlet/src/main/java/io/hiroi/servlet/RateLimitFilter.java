package io.hiroi.servlet;

import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.Outcome;
import io.hiroi.ratelimit.RateLimitHeaders;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.servlet.internal.Errors;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spends one permit of a {@link RateLimiter} per request, for the key a {@link
 * RateLimitKeyResolver} gives. Every limited response carries {@code RateLimit-Policy} and {@code
 * RateLimit}; a denied request gets 429 with {@code Retry-After} through the {@link
 * DenialHandler} and never reaches the application. Fails closed: when the limiter's backend is
 * unavailable ({@link Outcome#UNAVAILABLE}) the request is denied the same way (unless the limiter
 * itself was built to fail open), and so it is when the key resolver throws.
 *
 * <p>Thread-safe; build one per limited route and share it.
 *
 * <pre>{@code
 * RateLimitFilter perIp = RateLimitFilter.builder(apiPerIp, RateLimitKeyResolver.ip(ips)).build();
 * context.addFilter(new FilterHolder(perIp), "/api/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 */
public final class RateLimitFilter implements Filter {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimitFilter.class);
  private static final int TOO_MANY_REQUESTS = 429;

  private final RateLimiter limiter;
  private final RateLimitKeyResolver keys;
  private final DenialHandler denials;

  private RateLimitFilter(Builder b) {
    this.limiter = b.limiter;
    this.keys = b.keys;
    this.denials = b.denials == null ? DenialHandler.standard() : b.denials;
  }

  /**
   * Starts a builder.
   *
   * @param limiter the limiter
   * @param keys whose permits a request spends
   * @return the builder
   * @throws NullPointerException when an argument is {@code null}
   */
  public static Builder builder(RateLimiter limiter, RateLimitKeyResolver keys) {
    return new Builder(Objects.requireNonNull(limiter, "limiter"), Objects.requireNonNull(keys, "keys"));
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse out = (HttpServletResponse) response;
    Optional<RateLimitKey> key;
    try {
      key = keys.resolve(http);
    } catch (RuntimeException e) {
      // The exception's class only: its message is the host's text and may hold request data.
      LOG.warn(Errors.keyResolverFailedLog(limiter.name(), e.getClass().getName()));
      denials.deny(http, out, Denial.of(Denial.Reason.RATE_LIMIT_KEY_UNRESOLVED, TOO_MANY_REQUESTS, null));
      return;
    }
    if (key.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    Decision d = limiter.tryAcquire(key.get());
    RateLimitHeaders h = d.headers();
    out.setHeader(RateLimitHeaders.POLICY, h.policy());
    out.setHeader(RateLimitHeaders.RATE_LIMIT, h.rateLimit());
    if (!d.isAllowed()) {
      Denial.Reason reason = d.outcome() == Outcome.UNAVAILABLE ? Denial.Reason.RATE_LIMITER_UNAVAILABLE : Denial.Reason.RATE_LIMITED;
      denials.deny(http, out, Denial.of(reason, TOO_MANY_REQUESTS, d.retryAfter()));
      return;
    }
    chain.doFilter(request, response);
  }

  @Override
  public String toString() {
    return "RateLimitFilter{" + limiter + "}";
  }

  /**
   * Builds a {@link RateLimitFilter}.
   *
   * <p>Not thread-safe; use it on one thread.
   */
  public static final class Builder {
    private final RateLimiter limiter;
    private final RateLimitKeyResolver keys;
    private DenialHandler denials;

    private Builder(RateLimiter limiter, RateLimitKeyResolver keys) {
      this.limiter = limiter;
      this.keys = keys;
    }

    /**
     * Replaces the {@link DenialHandler#standard()} handler.
     *
     * @param handler the handler
     * @return this builder
     * @throws NullPointerException when {@code handler} is {@code null}
     * @throws IllegalStateException when already set
     */
    public Builder denialHandler(DenialHandler handler) {
      Objects.requireNonNull(handler, "handler");
      if (denials != null) {
        throw Errors.alreadySet("denialHandler");
      }
      denials = handler;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     */
    public RateLimitFilter build() {
      return new RateLimitFilter(this);
    }
  }
}
