/**
 * A tamper-evident, secret-free audit trail (DESIGN.md, "Audit records"). {@link
 * io.hiroi.audit.AuditLog} redacts each {@link io.hiroi.audit.AuditEvent}, optionally encrypts its
 * personal data under a per-subject key ({@link io.hiroi.audit.PiiProtector}), links it into an
 * HMAC chain and returns once a sink has made it durable; {@link io.hiroi.audit.AuditVerifier}
 * checks a stored trail and names the first broken record.
 */
package io.hiroi.audit;
