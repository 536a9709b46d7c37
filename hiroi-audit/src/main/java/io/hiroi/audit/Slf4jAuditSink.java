package io.hiroi.audit;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For teams that ship logs elsewhere: writes each event, redacted exactly as the chained sinks
 * receive it, as one SLF4J message at INFO on a logger (default {@value #DEFAULT_LOGGER}): the
 * RFC 8785 canonical JSON of the event's fields ({@code id, ts, type, outcome, actor, target,
 * tenant, ip, ua, attrs}). There is no chain: no {@code seq}, {@code prev} or {@code mac}, and no
 * durability beyond the logging backend's; keep a {@link FileAuditSink} or the JDBC sink as the
 * trail of record.
 *
 * <p>Thread-safe.
 */
public final class Slf4jAuditSink implements AuditSink {
  /** The default logger name. */
  public static final String DEFAULT_LOGGER = "hiroi.audit";

  private final Logger logger;

  private Slf4jAuditSink(Logger logger) {
    this.logger = logger;
  }

  /**
   * Creates a sink on the logger {@value #DEFAULT_LOGGER}.
   *
   * @return the sink
   */
  public static Slf4jAuditSink create() {
    return create(DEFAULT_LOGGER);
  }

  /**
   * Creates a sink on a named logger.
   *
   * @param loggerName the SLF4J logger name
   * @return the sink
   */
  public static Slf4jAuditSink create(String loggerName) {
    return new Slf4jAuditSink(LoggerFactory.getLogger(Objects.requireNonNull(loggerName, "loggerName")));
  }

  /**
   * Logs each event; links nothing.
   *
   * @param events redacted events
   * @param linker unused: this sink keeps no chain
   * @return an empty list (nothing chained is stored)
   */
  @Override
  public List<AuditRecord> append(List<AuditEvent> events, ChainLinker linker) {
    for (AuditEvent e : events) {
      logger.info("{}", RecordFormat.eventJson(e));
    }
    return List.of();
  }

  /**
   * Returns the genesis: this sink keeps no chain.
   *
   * @return {@link ChainHead#GENESIS}
   */
  @Override
  public ChainHead head() {
    return ChainHead.GENESIS;
  }

  /** Nothing to release. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "Slf4jAuditSink[" + logger.getName() + "]";
  }
}
