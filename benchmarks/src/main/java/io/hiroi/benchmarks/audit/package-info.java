/**
 * Audit trail benchmarks: hiroi-audit's durable file and PostgreSQL sinks beside Logback's file
 * appender writing the same redacted JSON without any fsync.
 */
package io.hiroi.benchmarks.audit;
