/** Passkey (WebAuthn) assertion verification: hiroi's PasskeyService beside webauthn4j and the JDK. */
package io.hiroi.benchmarks.passkey;
