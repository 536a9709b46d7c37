package io.hiroi.ratelimit;

import io.hiroi.ratelimit.internal.Errors;
import io.hiroi.ratelimit.internal.Guard;
import java.time.Duration;
import java.util.Objects;

/** The settings every limiter's builder shares: timeout, listener, fail-open. Not thread-safe. */
final class Settings {
  /** The default longest wait for the backend. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(20);

  static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

  private Duration timeout;
  private RateLimitListener listener;
  private boolean failOpen;

  void timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw Errors.outOfRange("timeout", "PT0.001S and " + MAX_TIMEOUT, timeout.toString());
    }
    if (this.timeout != null) {
      throw Errors.alreadySet("timeout");
    }
    this.timeout = timeout;
  }

  void listener(RateLimitListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (this.listener != null) {
      throw Errors.alreadySet("listener");
    }
    this.listener = listener;
  }

  void failOpen() {
    if (failOpen) {
      throw Errors.alreadySet("insecureAllowFailOpen");
    }
    failOpen = true;
  }

  Guard guard(String kind, String name) {
    return new Guard(
        kind,
        name,
        timeout == null ? DEFAULT_TIMEOUT : timeout,
        failOpen,
        listener == null ? RateLimitListener.NONE : listener);
  }
}
