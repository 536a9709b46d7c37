package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AppConfigTest {
  @Test
  void defaults_areTheDocumentedPorts_andADataDirBesideTheWorkingDirectory() {
    AppConfig c = AppConfig.from(new Properties(), Map.of());
    assertThat(c.port).isEqualTo(8080);
    assertThat(c.customerPort).isEqualTo(8081);
    assertThat(c.refusedPort).isEqualTo(8082);
    assertThat(c.dataDir).isEqualTo(Path.of("hiroi-example-data"));
    assertThat(c.redisUri).isEmpty();
    assertThat(c.jdbcUrl).isEmpty();
  }

  @Test
  void systemProperties_winOverEnvironmentVariables() {
    Properties p = new Properties();
    p.setProperty("hiroi.example.port", "9090");
    AppConfig c = AppConfig.from(p, Map.of("HIROI_EXAMPLE_PORT", "7070", "HIROI_EXAMPLE_CUSTOMER_PORT", "7071",
        "HIROI_EXAMPLE_DATA", "/tmp/x", "HIROI_REDIS_URI", "redis://localhost:6379", "HIROI_JDBC_URL", "jdbc:postgresql://db/app"));
    assertThat(c.port).isEqualTo(9090);
    assertThat(c.customerPort).isEqualTo(7071);
    assertThat(c.dataDir).isEqualTo(Path.of("/tmp/x"));
    assertThat(c.redisUri).hasValue("redis://localhost:6379");
    assertThat(c.jdbcUrl).hasValue("jdbc:postgresql://db/app");
  }

  @Test
  void toString_namesNoUrlOrPassword() {
    AppConfig c = AppConfig.from(new Properties(), Map.of("HIROI_REDIS_URI", "redis://:s3cret@host", "HIROI_JDBC_PASSWORD", "pw-secret"));
    assertThat(c.toString()).contains("redis=true").doesNotContain("s3cret").doesNotContain("pw-secret");
  }

  @Test
  void badPorts_areRefused_namingTheSetting() {
    assertThatThrownBy(() -> AppConfig.from(new Properties(), Map.of("HIROI_EXAMPLE_PORT", "http")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port must be a port number between 0 and 65535");
    assertThatThrownBy(() -> AppConfig.from(new Properties(), Map.of("HIROI_EXAMPLE_REFUSED_PORT", "70000")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("refused.port must be between 0 and 65535, was 70000");
    assertThatThrownBy(() -> AppConfig.builder().chatPerMinute(0).build())
        .hasMessage("chat messages per minute must be between 1 and 10000, was 0");
  }
}
