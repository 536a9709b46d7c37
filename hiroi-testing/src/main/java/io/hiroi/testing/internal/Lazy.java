package io.hiroi.testing.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value computed once, on first use, under a lock, so that several test classes (even running
 * in parallel) share one server. A failed start is remembered: later callers get the same error at
 * once instead of waiting for another start to fail.
 *
 * <p>Thread-safe.
 *
 * @param <T> the value's type
 */
public final class Lazy<T> {
  private final String what;
  private final Supplier<T> supplier;
  private T value;
  private RuntimeException failure;

  /**
   * Creates the holder; nothing is computed yet.
   *
   * @param what what the value is, for the error message of a remembered failure
   * @param supplier computes the value; called at most once
   */
  public Lazy(String what, Supplier<T> supplier) {
    this.what = Objects.requireNonNull(what, "what");
    this.supplier = Objects.requireNonNull(supplier, "supplier");
  }

  /**
   * Returns the value, computing it on the first call.
   *
   * @return the value
   * @throws IllegalStateException when computing it failed, now or on an earlier call
   */
  public synchronized T get() {
    if (value != null) {
      return value;
    }
    if (failure != null) {
      throw Errors.failedEarlier(what, failure);
    }
    try {
      value = Objects.requireNonNull(supplier.get(), what);
      return value;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }
}
