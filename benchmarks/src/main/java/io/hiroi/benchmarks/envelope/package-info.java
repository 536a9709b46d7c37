/**
 * Credential envelope benchmarks: hiroi's {@code CredentialCipher} beside raw JDK AES-GCM and
 * Google Tink's AEAD, all three with the same key, the same associated data and the same wire
 * layout (so each decrypts the others' output; the setup checks it).
 */
package io.hiroi.benchmarks.envelope;
