package io.hiroi.examples;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The example app's settings, read once at start from system properties ({@code -Dhiroi.example.port=9090})
 * or environment variables ({@code HIROI_EXAMPLE_PORT=9090}); a system property wins.
 *
 * <p>Port 0 asks for a free port (the tests use it). Immutable and thread-safe.
 */
final class AppConfig {
  static final int DEFAULT_PORT = 8080;
  static final int DEFAULT_CUSTOMER_PORT = 8081;
  static final int DEFAULT_REFUSED_PORT = 8082;
  static final String DEFAULT_DATA_DIR = "hiroi-example-data";
  /** The host of every origin: WebAuthn and secure cookies treat localhost (not 127.0.0.1) as a secure context. */
  static final String HOST = "localhost";

  final String host;
  final int port;
  final int customerPort;
  final int refusedPort;
  final Path dataDir;
  final Optional<String> redisUri;
  final Optional<String> jdbcUrl;
  final Optional<String> jdbcUser;
  final Optional<String> jdbcPassword;
  final long chatPerMinute;

  private AppConfig(Builder b) {
    this.host = HOST;
    this.port = checkPort("port", b.port);
    this.customerPort = checkPort("customerPort", b.customerPort);
    this.refusedPort = checkPort("refusedPort", b.refusedPort);
    this.dataDir = Objects.requireNonNull(b.dataDir, "dataDir");
    this.redisUri = Optional.ofNullable(b.redisUri);
    this.jdbcUrl = Optional.ofNullable(b.jdbcUrl);
    this.jdbcUser = Optional.ofNullable(b.jdbcUser);
    this.jdbcPassword = Optional.ofNullable(b.jdbcPassword);
    if (b.chatPerMinute < 1 || b.chatPerMinute > 10_000) {
      throw new IllegalArgumentException("chat messages per minute must be between 1 and 10000, was " + b.chatPerMinute);
    }
    this.chatPerMinute = b.chatPerMinute;
  }

  static Builder builder() {
    return new Builder();
  }

  /** Reads the settings from system properties first, then environment variables. */
  static AppConfig from(Properties properties, Map<String, String> env) {
    Builder b = builder();
    setting(properties, env, "port").ifPresent(v -> b.port(parsePort("port", v)));
    setting(properties, env, "customer.port").ifPresent(v -> b.customerPort(parsePort("customer.port", v)));
    setting(properties, env, "refused.port").ifPresent(v -> b.refusedPort(parsePort("refused.port", v)));
    setting(properties, env, "data").ifPresent(v -> b.dataDir(Path.of(v)));
    Optional.ofNullable(blankToNull(env.get("HIROI_REDIS_URI"))).ifPresent(b::redisUri);
    Optional.ofNullable(blankToNull(env.get("HIROI_JDBC_URL"))).ifPresent(b::jdbcUrl);
    Optional.ofNullable(blankToNull(env.get("HIROI_JDBC_USER"))).ifPresent(b::jdbcUser);
    Optional.ofNullable(blankToNull(env.get("HIROI_JDBC_PASSWORD"))).ifPresent(b::jdbcPassword);
    return b.build();
  }

  /** {@code hiroi.example.<name>} as a system property, else {@code HIROI_EXAMPLE_<NAME>} from the environment. */
  private static Optional<String> setting(Properties properties, Map<String, String> env, String name) {
    String property = blankToNull(properties.getProperty("hiroi.example." + name));
    if (property != null) {
      return Optional.of(property);
    }
    String variable = "HIROI_EXAMPLE_" + name.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    return Optional.ofNullable(blankToNull(env.get(variable)));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  static int parsePort(String setting, String value) {
    try {
      return checkPort(setting, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting + " must be a port number between 0 and 65535", e);
    }
  }

  private static int checkPort(String setting, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(setting + " must be between 0 and 65535, was " + port);
    }
    return port;
  }

  @Override
  public String toString() {
    return "AppConfig{port=" + port + ", customerPort=" + customerPort + ", refusedPort=" + refusedPort
        + ", dataDir=" + dataDir + ", redis=" + redisUri.isPresent() + ", jdbc=" + jdbcUrl.isPresent() + "}";
  }

  /** Not thread-safe; build once. */
  static final class Builder {
    private int port = DEFAULT_PORT;
    private int customerPort = DEFAULT_CUSTOMER_PORT;
    private int refusedPort = DEFAULT_REFUSED_PORT;
    private Path dataDir = Path.of(DEFAULT_DATA_DIR);
    private String redisUri;
    private String jdbcUrl;
    private String jdbcUser;
    private String jdbcPassword;
    private long chatPerMinute = 6;

    Builder port(int port) {
      this.port = port;
      return this;
    }

    Builder customerPort(int port) {
      this.customerPort = port;
      return this;
    }

    Builder refusedPort(int port) {
      this.refusedPort = port;
      return this;
    }

    Builder randomPorts() {
      return port(0).customerPort(0).refusedPort(0);
    }

    Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    Builder redisUri(String uri) {
      this.redisUri = Objects.requireNonNull(uri, "uri");
      return this;
    }

    Builder jdbcUrl(String url) {
      this.jdbcUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    Builder jdbcUser(String user) {
      this.jdbcUser = Objects.requireNonNull(user, "user");
      return this;
    }

    Builder jdbcPassword(String password) {
      this.jdbcPassword = Objects.requireNonNull(password, "password");
      return this;
    }

    Builder chatPerMinute(long perMinute) {
      this.chatPerMinute = perMinute;
      return this;
    }

    AppConfig build() {
      return new AppConfig(this);
    }
  }
}
