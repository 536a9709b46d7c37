package io.hiroi.ratelimit.internal;

import io.hiroi.ratelimit.Outcome;
import io.hiroi.ratelimit.RateLimitListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rate limiter, the connection cap and the throttle share: a backend call bounded by the
 * timeout, the log lines when the backend goes away and comes back (once per transition, not per
 * request), and the listener, whose exceptions never reach a decision.
 *
 * <p>Thread-safe.
 */
public final class Guard {
  private static final Logger LOG = LoggerFactory.getLogger("io.hiroi.ratelimit");

  private final String kind;
  private final String name;
  private final long timeoutNanos;
  private final boolean failOpen;
  private final RateLimitListener listener;
  private final AtomicBoolean down = new AtomicBoolean();

  /**
   * Creates a guard.
   *
   * @param kind "rate limiter", "connection cap" or "throttle", for log lines
   * @param name the instance's name
   * @param timeout the longest a backend call may take
   * @param failOpen whether unavailability allows
   * @param listener the listener
   */
  public Guard(String kind, String name, Duration timeout, boolean failOpen, RateLimitListener listener) {
    this.kind = kind;
    this.name = name;
    this.timeoutNanos = timeout.toNanos();
    this.failOpen = failOpen;
    this.listener = listener;
  }

  /**
   * Calls the backend; a call that throws instead of failing its stage fails the stage too, and
   * the stage fails with a {@link java.util.concurrent.TimeoutException} when the backend has not
   * answered within the timeout. The backend's own future is left alone (Lettuce completes it
   * when the reply arrives).
   *
   * @param call the backend call
   * @param <T> the reply's type
   * @return the bounded stage
   */
  public <T> CompletableFuture<T> call(Supplier<CompletionStage<T>> call) {
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return bound(stage);
  }

  /**
   * Bounds a backend call's stage by the timeout: the result fails with a {@link
   * java.util.concurrent.TimeoutException} when the backend has not answered within it, and the
   * backend's stage is then cancelled (a call the backend had not sent yet is dropped; one already
   * sent completes unheard). A stage that is complete already is returned as it is.
   *
   * @param stage the backend call's stage
   * @param <T> the reply's type
   * @return the bounded stage
   */
  public <T> CompletableFuture<T> bound(CompletionStage<T> stage) {
    CompletableFuture<T> source = stage.toCompletableFuture();
    if (source.isDone()) {
      return source;
    }
    CompletableFuture<T> bounded = new CompletableFuture<>();
    stage.whenComplete(
        (value, error) -> {
          if (error == null) {
            bounded.complete(value);
          } else {
            bounded.completeExceptionally(error);
          }
        });
    bounded.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).whenComplete((value, error) -> {
      if (error instanceof TimeoutException) {
        source.cancel(false);
      }
    });
    return bounded;
  }

  /**
   * Returns the longest a backend call may take.
   *
   * @return the timeout in nanoseconds
   */
  public long timeoutNanos() {
    return timeoutNanos;
  }

  /**
   * Says whether unavailability allows.
   *
   * @return whether the instance fails open
   */
  public boolean failOpen() {
    return failOpen;
  }

  /**
   * Records that the backend answered, logging once when it comes back.
   */
  public void answered() {
    if (down.get() && down.compareAndSet(true, false)) {
      LOG.info(Errors.recoveredLog(kind, name));
    }
  }

  /**
   * Records that the backend did not answer, logging once when it goes away.
   *
   * @param cause what went wrong
   */
  public void unavailable(Throwable cause) {
    if (!down.get() && down.compareAndSet(false, true)) {
      LOG.warn(Errors.unavailableLog(kind, name, cause, failOpen));
    }
  }

  /**
   * Tells the listener, catching what it throws.
   *
   * @param limit the deciding limit's name
   * @param outcome the outcome
   */
  public void notify(String limit, Outcome outcome) {
    try {
      listener.onDecision(name, limit, outcome);
    } catch (RuntimeException e) {
      LOG.warn(Errors.listenerFailedLog(name), e);
    }
  }
}
