/**
 * The browser-facing side of a chat or support widget: {@link io.hiroi.widget.OriginSafelist}
 * (Origin header validation with exact matching after normalization) and {@link
 * io.hiroi.widget.CorsHeaders}; {@link io.hiroi.widget.WidgetSessionTokens} (HMAC-SHA256 signed,
 * site-specific, expiring session tokens, which a customer's backend can also mint); {@link
 * io.hiroi.widget.VisitorIdentity} ({@code user_hash} verification); {@link
 * io.hiroi.widget.WidgetApiKeys} (server-side keys scoped to one widget). No API key or secret
 * ever has to reach the browser.
 */
package io.hiroi.widget;
