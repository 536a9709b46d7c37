package io.hiroi.audit;

import java.util.List;

/**
 * Where an {@link AuditLog} stores records: the JSON Lines {@link FileAuditSink}, the PostgreSQL
 * {@link io.hiroi.audit.jdbc.JdbcAuditSink}, or the chain-free {@link Slf4jAuditSink}. A sink
 * links each batch onto the head it holds with the given {@link ChainLinker} and returns only when
 * the records are durable (after {@code fsync} or {@code COMMIT}); when it throws, none of the
 * batch is stored and its head is unchanged.
 *
 * <p>The log calls a sink from one writer thread at a time; implementations need not be
 * thread-safe for {@link #append} but must be safe to {@link #head()} from any thread.
 */
public interface AuditSink extends AutoCloseable {
  /**
   * Links and stores a batch, durably.
   *
   * @param events one or more redacted events, in order
   * @param linker makes the records
   * @return the stored records, in order (a sink may add checkpoint records)
   * @throws AuditException if the batch could not be stored; then none of it is
   */
  List<AuditRecord> append(List<AuditEvent> events, ChainLinker linker);

  /**
   * Returns where this sink's chain stands, as far as this sink knows.
   *
   * @return the head after the last stored record
   */
  ChainHead head();

  /**
   * Releases files, locks or connections. Records already acknowledged stay.
   *
   * @throws AuditException if releasing failed
   */
  @Override
  void close();
}
