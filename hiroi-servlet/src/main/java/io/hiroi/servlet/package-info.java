/**
 * Thin jakarta.servlet filters over the hiroi cores: each reads plain values from the request
 * (method, path, headers, the remote address), asks one core decision object, and writes its
 * answer; no security logic lives in a filter. Denials go to a replaceable {@link
 * io.hiroi.servlet.DenialHandler} with a safe default; a core that cannot decide means deny.
 *
 * <p>So far: {@link io.hiroi.servlet.SecurityHeadersFilter} (CSP with a per-request nonce, HSTS and
 * the other security headers), {@link io.hiroi.servlet.RateLimitFilter} (429 with {@code
 * Retry-After} and the RateLimit headers) and {@link io.hiroi.servlet.ClientIpResolver} (the client
 * address behind trusted proxies). The widget, session, CSRF and audit-context filters come with
 * their modules.
 */
package io.hiroi.servlet;
