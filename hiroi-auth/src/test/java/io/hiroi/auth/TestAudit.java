package io.hiroi.auth;

import io.hiroi.audit.AuditLog;
import io.hiroi.audit.FileAuditSink;
import io.hiroi.crypto.KeyRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real, file-backed audit log in a temporary directory, and the lines it wrote. */
public final class TestAudit implements AutoCloseable {
  private final Path dir;
  private final AuditLog log;

  public TestAudit(Path dir) {
    this.dir = dir;
    this.log = AuditLog.builder(KeyRing.builder().addGeneratedKey(1).primary(1).build(), FileAuditSink.builder(dir).build()).build();
  }

  public AuditLog log() {
    return log;
  }

  /** Every record written so far, one JSON line each. */
  public List<String> lines() {
    log.flush();
    List<String> out = new ArrayList<>();
    try {
      for (Path f : FileAuditSink.files(dir)) {
        out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The records of one event type. */
  public List<String> ofType(String type) {
    List<String> out = new ArrayList<>();
    for (String line : lines()) {
      if (line.contains("\"type\":\"" + type + "\"")) {
        out.add(line);
      }
    }
    return out;
  }

  @Override
  public void close() {
    log.close();
  }
}
