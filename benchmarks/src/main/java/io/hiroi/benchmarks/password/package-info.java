/**
 * Password hashing benchmarks: Argon2id at hiroi's default (OWASP) parameters, through Bouncy
 * Castle directly now and through hiroi's {@code PasswordHasher} once it is merged.
 */
package io.hiroi.benchmarks.password;
