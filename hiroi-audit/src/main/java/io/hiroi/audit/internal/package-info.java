/**
 * Not API: may change in any release. Implementation of {@code io.hiroi.audit}: the RFC 8785
 * canonical JSON writer, the record codec, UUIDv7 ids, chain keys and the messages of the module.
 */
package io.hiroi.audit.internal;
