package io.hiroi.cli.internal;

import static io.hiroi.cli.Hiroi.keygen;
import static io.hiroi.cli.Hiroi.pipe;
import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.audit.AuditEvent;
import io.hiroi.audit.AuditLog;
import io.hiroi.audit.jdbc.JdbcAuditSink;
import io.hiroi.crypto.KeyRing;
import io.hiroi.testing.PostgresEndpoint;
import io.hiroi.testing.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code hiroi audit verify --jdbc} against a real PostgreSQL that the test suite starts. */
@ExtendWith(PostgresExtension.class)
class AuditVerifyJdbcIT {
  @TempDir Path dir;

  @Test
  void verify_aTable_thenCatchesAnEditedRow(PostgresEndpoint server) throws Exception {
    PostgresEndpoint db = server.createDatabase("AuditVerifyJdbcIT");
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("DO $$ BEGIN CREATE ROLE hiroi_audit_cli LOGIN PASSWORD 'cli-test-password';"
          + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
      for (String sql : JdbcAuditSink.ddl("audit_log", "hiroi_audit_cli").split(";\n")) {
        st.execute(sql);
      }
    }
    Path ring = keygen(dir.resolve("keyring.json"));
    PostgresEndpoint writer = PostgresEndpoint.of(db.jdbcUrl(), "hiroi_audit_cli", "cli-test-password");
    try (AuditLog audit =
        AuditLog.builder(KeyRing.fromFile(ring), JdbcAuditSink.create(writer.dataSource(), "audit_log", Clock.systemUTC())).build()) {
      for (int i = 0; i < 4; i++) {
        audit.record(audit.event("auth.login.failed").outcome(AuditEvent.FAILURE).actor("user/" + i).build());
      }
    }
    String[] verify = {
      "audit", "verify", "--keyring", ring.toString(), "--jdbc", db.jdbcUrl(), "--table", "audit_log",
      "--user", "hiroi_audit_cli", "--password-stdin"
    };
    String out = pipe("cli-test-password\n", verify).assertOk().out();
    assertThat(out).matches("[45] records verified \\(seq 1 to [45]\\)\n"); // 4 events, and a day's checkpoint record first

    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("UPDATE audit_log SET record = replace(record, 'user/2', 'user/7') WHERE record LIKE '%user/2%'");
    }
    pipe("cli-test-password\n", verify).assertRejected("CHANGED").assertStderrOmits("cli-test-password");
    verify[7] = "no_such_table"; // the embedded server trusts local connections, so a bad table stands in for a bad login
    pipe("cli-test-password\n", verify).assertRejected("UNREADABLE").assertStderrOmits("cli-test-password");
  }
}
