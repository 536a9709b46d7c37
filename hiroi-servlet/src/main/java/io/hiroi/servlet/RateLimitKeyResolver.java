package io.hiroi.servlet;

import io.hiroi.ratelimit.RateLimitKey;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Works out whose permits a request spends. An empty answer means the limiter does not apply to
 * this request (for example a per-user limit on an anonymous request: pair it with a per-IP
 * limit); a resolver that throws makes the request denied.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RateLimitKeyResolver {
  /**
   * Returns the key of the request.
   *
   * @param request the request
   * @return the key, or empty when the limiter does not apply
   */
  Optional<RateLimitKey> resolve(HttpServletRequest request);

  /**
   * Per client IP address (IPv6 per /64), behind the host's trusted proxies.
   *
   * @param ips how to find the client's address
   * @return the resolver
   * @throws NullPointerException when {@code ips} is {@code null}
   */
  static RateLimitKeyResolver ip(ClientIpResolver ips) {
    Objects.requireNonNull(ips, "ips");
    return request -> Optional.of(RateLimitKey.ip(ips.resolve(request)));
  }

  /**
   * Per signed-in user; requests without a user are not limited by this resolver's limiter.
   *
   * @param userId the user id of a request (for example from the session), or {@code null}
   * @return the resolver
   * @throws NullPointerException when {@code userId} is {@code null}
   */
  static RateLimitKeyResolver user(Function<HttpServletRequest, String> userId) {
    Objects.requireNonNull(userId, "userId");
    return request -> Optional.ofNullable(userId.apply(request)).map(RateLimitKey::user);
  }

  /**
   * Per widget visitor; requests without a visitor id are not limited by this resolver's limiter.
   *
   * @param visitorId the visitor id of a request (for example from a verified widget token), or
   *     {@code null}
   * @return the resolver
   * @throws NullPointerException when {@code visitorId} is {@code null}
   */
  static RateLimitKeyResolver visitor(Function<HttpServletRequest, String> visitorId) {
    Objects.requireNonNull(visitorId, "visitorId");
    return request -> Optional.ofNullable(visitorId.apply(request)).map(RateLimitKey::visitor);
  }

  /**
   * Per signed-in user, as {@link SessionFilter} found the session; register this limit after
   * that filter. Requests without a session are not limited by this resolver's limiter.
   *
   * @return the resolver
   */
  static RateLimitKeyResolver sessionUser() {
    return user(request -> SessionFilter.current(request).map(CurrentSession::userId).orElse(null));
  }

  /**
   * Per widget visitor, as {@link WidgetFilter} verified the token (keyed by widget and visitor
   * id, so two widgets' visitors of the same id do not share permits); register this limit after
   * that filter. Requests without a verified visitor are not limited by this resolver's limiter.
   *
   * @return the resolver
   */
  static RateLimitKeyResolver widgetVisitor() {
    return visitor(request -> WidgetFilter.visitor(request).map(v -> v.widgetId() + "/" + v.visitorId()).orElse(null));
  }
}
