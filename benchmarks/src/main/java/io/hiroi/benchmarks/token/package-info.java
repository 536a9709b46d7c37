/**
 * Signed-token (JWS HS256) benchmarks: hiroi's token service beside nimbus-jose-jwt and a raw
 * HMAC-SHA256 of the same bytes, on the claims of a widget session token (DESIGN.md, "Signed
 * tokens").
 */
package io.hiroi.benchmarks.token;
