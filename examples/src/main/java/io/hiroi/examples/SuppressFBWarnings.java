package io.hiroi.examples;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Suppresses a SpotBugs finding, with a written justification. SpotBugs honours any annotation
 * whose name ends in {@code SuppressFBWarnings}; the app defines its own, as hiroi-audit does, so
 * that it needs no annotations library.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface SuppressFBWarnings {
  /** The bug patterns suppressed. */
  String[] value();

  /** Why the finding is not a defect. */
  String justification();
}
