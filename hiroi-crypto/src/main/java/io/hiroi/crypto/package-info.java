/**
 * hiroi's cryptography: a {@link io.hiroi.crypto.KeyRing} of master secrets with HKDF-SHA256
 * purpose keys, AES-256-GCM credential envelopes, Argon2id password hashes, API keys and HS256
 * signed tokens. Every format follows the wire formats of hiroi's DESIGN.md; every operation fails
 * closed and no type prints a secret.
 */
package io.hiroi.crypto;
