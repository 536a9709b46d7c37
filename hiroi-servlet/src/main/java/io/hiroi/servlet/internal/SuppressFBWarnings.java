package io.hiroi.servlet.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Suppresses a SpotBugs finding, with a written justification. SpotBugs honours any annotation
 * whose name ends in {@code SuppressFBWarnings}; this module defines its own so that its jar needs
 * no annotations library on a user's (or a benchmark's) compile class path, where a missing
 * annotation type would be a compiler warning.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.CONSTRUCTOR})
public @interface SuppressFBWarnings {
  /**
   * The bug patterns suppressed.
   *
   * @return the pattern names
   */
  String[] value();

  /**
   * Why the finding is not a defect.
   *
   * @return the reason
   */
  String justification();
}
