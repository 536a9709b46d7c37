package io.hiroi.examples;

import io.hiroi.audit.AuditSink;
import io.hiroi.audit.FileAuditSink;
import io.hiroi.audit.jdbc.JdbcAuditSink;
import io.hiroi.auth.DeviceStore;
import io.hiroi.auth.InMemoryDeviceStore;
import io.hiroi.auth.InMemoryOneTimeTokenStore;
import io.hiroi.auth.InMemoryPendingSignInStore;
import io.hiroi.auth.InMemoryRecoveryCodeStore;
import io.hiroi.auth.InMemorySessionStore;
import io.hiroi.auth.InMemoryTotpReplayGuard;
import io.hiroi.auth.OneTimeTokenStore;
import io.hiroi.auth.PendingSignInStore;
import io.hiroi.auth.RecoveryCodeStore;
import io.hiroi.auth.SessionStore;
import io.hiroi.auth.TotpReplayGuard;
import io.hiroi.auth.redis.RedisDeviceStore;
import io.hiroi.auth.redis.RedisOneTimeTokenStore;
import io.hiroi.auth.redis.RedisPendingSignInStore;
import io.hiroi.auth.redis.RedisRecoveryCodeStore;
import io.hiroi.auth.redis.RedisSessionStore;
import io.hiroi.auth.redis.RedisTotpReplayGuard;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.RateLimitBackend;
import io.hiroi.ratelimit.redis.RedisRateLimitBackend;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the app keeps its state: in memory and a file audit trail by default; sessions, one-time
 * tokens (magic links, reset links, passkey challenges), rate limits, the TOTP replay guard,
 * pending sign-ins (between the first and the second factor), recovery-code hashes and known devices in Redis when {@code HIROI_REDIS_URI} is set; the audit trail in a
 * PostgreSQL table when {@code HIROI_JDBC_URL} is set. Thread-safe; close once at shutdown, after the
 * {@code AuditLog} (which closes the sink).
 */
final class Backends implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
  static final String AUDIT_TABLE = "hiroi_example_audit";

  final SessionStore sessions;
  final OneTimeTokenStore oneTimeTokens;
  final RateLimitBackend rateLimits;
  final TotpReplayGuard totpReplay;
  final PendingSignInStore pendingSignIns;
  final RecoveryCodeStore recoveryCodes;
  final DeviceStore devices;
  final AuditSink auditSink;
  final AuditTrail auditTrail;
  final Records records;
  final String description;
  final String sessionsWhere;
  private final RedisClient redis;
  private final StatefulRedisConnection<String, String> connection;

  private Backends(Builder b) {
    this.sessions = b.sessions;
    this.oneTimeTokens = b.oneTimeTokens;
    this.rateLimits = b.rateLimits;
    this.totpReplay = b.totpReplay;
    this.pendingSignIns = b.pendingSignIns;
    this.recoveryCodes = b.recoveryCodes;
    this.devices = b.devices;
    this.auditSink = b.auditSink;
    this.auditTrail = b.auditTrail;
    this.records = b.records;
    this.description = b.description;
    this.sessionsWhere = b.redis != null ? "in Redis" : "in memory; in Redis when HIROI_REDIS_URI is set";
    this.redis = b.redis;
    this.connection = b.connection;
  }

  static Backends open(AppConfig config, Clock clock) {
    Builder b = new Builder();
    StringBuilder description = new StringBuilder();
    if (config.redisUri.isPresent()) {
      b.redis = RedisClient.create(RedisURI.create(config.redisUri.get()));
      b.redis.setOptions(RedisRateLimitBackend.recommendedClientOptions());
      b.connection = b.redis.connect();
      b.sessions = RedisSessionStore.using(b.connection);
      b.oneTimeTokens = RedisOneTimeTokenStore.using(b.connection);
      b.rateLimits = RedisRateLimitBackend.using(b.connection);
      b.totpReplay = RedisTotpReplayGuard.using(b.connection);
      b.pendingSignIns = RedisPendingSignInStore.using(b.connection);
      b.recoveryCodes = RedisRecoveryCodeStore.using(b.connection);
      b.devices = RedisDeviceStore.using(b.connection);
      description.append("sessions, one-time tokens, rate limits, TOTP replay guard, pending sign-ins, recovery codes and known devices in Redis");
    } else {
      b.sessions = InMemorySessionStore.create();
      b.oneTimeTokens = InMemoryOneTimeTokenStore.create();
      b.rateLimits = InMemoryRateLimitBackend.create();
      b.totpReplay = InMemoryTotpReplayGuard.create(InMemoryTotpReplayGuard.DEFAULT_MAX_ENTRIES, clock);
      b.pendingSignIns = InMemoryPendingSignInStore.create(InMemoryPendingSignInStore.DEFAULT_MAX_ENTRIES, clock);
      b.recoveryCodes = InMemoryRecoveryCodeStore.create();
      b.devices = InMemoryDeviceStore.create();
      description.append("sessions, one-time tokens, rate limits, TOTP replay guard, pending sign-ins, recovery codes and known devices in memory");
    }
    if (config.jdbcUrl.isPresent()) {
      DataSource dataSource = dataSource(config);
      createTableIfMissing(dataSource);
      b.auditSink = JdbcAuditSink.create(dataSource, AUDIT_TABLE, clock);
      b.auditTrail = AuditTrail.table(dataSource);
      b.records = Records.table(dataSource);
      description.append("; audit trail in the PostgreSQL table ").append(AUDIT_TABLE)
          .append("; users, TOTP secret envelopes, passkeys and API key hashes in the table ").append(Records.TABLE);
    } else {
      Path dir = config.dataDir.resolve("audit");
      b.auditSink = FileAuditSink.builder(dir).clock(clock).build();
      b.auditTrail = AuditTrail.directory(dir);
      b.records = Records.none();
      description.append("; audit trail in ").append(dir.toAbsolutePath());
    }
    b.description = description.toString();
    LOG.info("Storage: {}; {} in memory", b.description,
        config.jdbcUrl.isPresent() ? "connected accounts" : "users, TOTP secrets, passkeys, API keys and connected accounts");
    return new Backends(b);
  }

  private static DataSource dataSource(AppConfig config) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(config.jdbcUrl.get());
    config.jdbcUser.ifPresent(ds::setUser);
    config.jdbcPassword.ifPresent(ds::setPassword);
    return ds;
  }

  /** A development convenience: in production a migration creates the table and grants the runtime role. */
  @SuppressFBWarnings(value = "SQL_INJECTION_JDBC", justification = "the DDL is built from the constant AUDIT_TABLE only")
  private static void createTableIfMissing(DataSource dataSource) {
    String ddl = JdbcAuditSink.ddl(AUDIT_TABLE, "public").split(";")[0].replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ");
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(ddl);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the audit table " + AUDIT_TABLE + " (SQL state " + e.getSQLState() + ")", e);
    }
  }

  @Override
  public void close() {
    // The audit sink is closed by the AuditLog that owns it.
    if (connection != null) {
      connection.close();
    }
    if (redis != null) {
      redis.shutdown();
    }
  }

  private static final class Builder {
    SessionStore sessions;
    OneTimeTokenStore oneTimeTokens;
    RateLimitBackend rateLimits;
    TotpReplayGuard totpReplay;
    PendingSignInStore pendingSignIns;
    RecoveryCodeStore recoveryCodes;
    DeviceStore devices;
    AuditSink auditSink;
    AuditTrail auditTrail;
    Records records;
    String description;
    RedisClient redis;
    StatefulRedisConnection<String, String> connection;
  }
}
