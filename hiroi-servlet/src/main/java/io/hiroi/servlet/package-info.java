/**
 * Thin jakarta.servlet filters over the hiroi cores: each reads plain values from the request
 * (method, path, headers, the remote address), asks one core decision object, and writes its
 * answer; no security logic lives in a filter. Denials go to a replaceable {@link
 * io.hiroi.servlet.DenialHandler} with a safe default; a core that cannot decide means deny.
 *
 * <p>Register them in this order: {@link io.hiroi.servlet.AuditContextFilter} (request id, client
 * address, user agent), {@link io.hiroi.servlet.SecurityHeadersFilter} (CSP with a per-request
 * nonce, HSTS and the other security headers), {@link io.hiroi.servlet.RateLimitFilter} (429 with
 * {@code Retry-After} and the RateLimit headers), then {@link io.hiroi.servlet.WidgetFilter} (Origin
 * safelist, CORS, widget session token) on the widget API or {@link io.hiroi.servlet.SessionFilter}
 * (the {@code __Host-} session cookie) on the application, then {@link
 * io.hiroi.servlet.CsrfFilter}, then the application. {@link io.hiroi.servlet.ClientIpResolver}
 * finds the client address behind trusted proxies for all of them.
 */
package io.hiroi.servlet;
