package io.hiroi.testing.internal;

import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the embedded servers keep binaries, configuration, data and logs. */
public final class WorkDir {
  /** The system property that names the folder; Failsafe sets it to {@code target/hiroi-testing}. */
  public static final String PROPERTY = "hiroi.testing.workDir";

  private WorkDir() {}

  /**
   * Returns the configured folder, or {@code target/hiroi-testing} below the working directory
   * (the module folder under Maven) when the property is not set.
   *
   * @return an absolute, normalized path; the folder may not exist yet
   */
  public static Path resolve() {
    return resolve(System.getProperty(PROPERTY));
  }

  static Path resolve(String configured) {
    Path dir =
        configured == null || configured.isBlank()
            ? Paths.get("target", "hiroi-testing")
            : Paths.get(configured.trim());
    return dir.toAbsolutePath().normalize();
  }
}
