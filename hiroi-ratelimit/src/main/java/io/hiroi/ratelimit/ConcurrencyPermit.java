package io.hiroi.ratelimit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A slot of a {@link ConcurrencyLimiter}, granted or not. Closing a granted permit gives its slot
 * back; closing twice, or closing a permit that was not granted, does nothing.
 *
 * <p>Thread-safe: a connection's heartbeat may call {@link #renew()} while another thread closes
 * it.
 */
public final class ConcurrencyPermit implements AutoCloseable {
  private final ConcurrencyLimiter limiter;
  private final String tag;
  private final String leaseId;
  private final Outcome outcome;
  private final boolean granted;
  private final long held;
  private final AtomicBoolean closed = new AtomicBoolean();

  ConcurrencyPermit(ConcurrencyLimiter limiter, String tag, String leaseId, Outcome outcome, boolean granted, long held) {
    this.limiter = limiter;
    this.tag = tag;
    this.leaseId = leaseId;
    this.outcome = outcome;
    this.granted = granted;
    this.held = held;
  }

  /**
   * Says whether the connection may go ahead.
   *
   * @return whether the permit was granted (or unavailable on a fail-open cap)
   */
  public boolean isGranted() {
    return granted;
  }

  /**
   * Returns why: {@link Outcome#ALLOWED}, {@link Outcome#DENIED} (the key holds the cap) or
   * {@link Outcome#UNAVAILABLE}.
   *
   * @return the outcome
   */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * Returns how many unexpired permits the key held after the call, this one included when
   * granted; 0 when unavailable.
   *
   * @return the count
   */
  public long held() {
    return held;
  }

  /**
   * Extends the lease by the cap's lease time from now. Blocks at most about the timeout.
   *
   * @return {@code true} when the lease is still held; {@code false} when it was not granted, was
   *     closed, expired (the holder renewed too late) or the backend is unavailable: the holder
   *     should then end the connection. A fail-open permit without a lease always returns
   *     {@code true}.
   */
  public boolean renew() {
    if (!granted || closed.get()) {
      return false;
    }
    if (leaseId == null) {
      return true;
    }
    return limiter.renew(tag, leaseId);
  }

  /** Gives the slot back; blocks at most about the timeout; never throws. */
  @Override
  public void close() {
    if (leaseId != null && closed.compareAndSet(false, true)) {
      limiter.release(tag, leaseId);
    }
  }

  @Override
  public String toString() {
    return "ConcurrencyPermit{" + outcome + (granted ? ", granted" : ", refused") + ", held=" + held + "}";
  }
}
