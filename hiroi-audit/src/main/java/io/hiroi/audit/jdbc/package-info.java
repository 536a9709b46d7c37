/**
 * The PostgreSQL audit sink: records as rows of an append-only table, one database-serialised
 * chain shared by every writer (see {@link io.hiroi.audit.jdbc.JdbcAuditSink}).
 */
package io.hiroi.audit.jdbc;
