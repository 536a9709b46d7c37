package io.hiroi.crypto;

import io.hiroi.core.HiroiSecurityException;

/**
 * A key ring could not be loaded: the file is unreadable, the JSON is invalid, the environment
 * variable is missing, or the keys break a rule (too short, duplicate id, no primary). The caller
 * fixes its key configuration; hiroi never falls back to a built-in key. The message names the
 * problem and key ids, never key material.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyRingException extends HiroiSecurityException {
  private static final long serialVersionUID = 1L;

  KeyRingException(String message) {
    super(message);
  }

  KeyRingException(String message, Throwable cause) {
    super(message, cause);
  }
}
