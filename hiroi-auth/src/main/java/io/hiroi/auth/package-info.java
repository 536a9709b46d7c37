/**
 * Sign-in and sessions: server-side {@link io.hiroi.auth.SessionManager sessions} that can be
 * revoked at once (one, or all of a user's), with a {@code __Host-} {@link
 * io.hiroi.auth.SessionCookie cookie}, step-up data and an in-memory or Redis {@link
 * io.hiroi.auth.SessionStore store}; single-use {@link io.hiroi.auth.OneTimeTokens email-link
 * tokens}; {@link io.hiroi.auth.PasswordAuthenticator password sign-in} and {@link
 * io.hiroi.auth.PasswordResetService password reset}; {@link io.hiroi.auth.NewDeviceDetector
 * new-device alerts}; the {@link io.hiroi.auth.TotpService TOTP} second factor; OAuth state, CSRF
 * and inter-service tokens; and {@link io.hiroi.auth.AuthAudit audit events} for every
 * security-relevant outcome. Tokens are 256 random bits; stores keep only their SHA-256.
 * Expected outcomes are values with a reason enum for server logs; clients get one generic failure.
 */
package io.hiroi.auth;
