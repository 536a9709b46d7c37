package io.hiroi.testing.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A PostgreSQL that cannot start says why, in the server's own words. */
class EmbeddedPostgresServerIT {
  @Test
  void badSetting_failsWithTheServerLogTail() {
    assertThatThrownBy(
            () ->
                EmbeddedPostgresServer.start(
                    WorkDir.resolve(), Map.of("shared_buffers", "lots"), Duration.ofSeconds(3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("hiroi-testing: PostgreSQL did not start: ")
        .hasMessageContaining("(last lines) ---")
        .hasMessageContaining("invalid value for parameter \"shared_buffers\"");
  }
}
