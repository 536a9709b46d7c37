/**
 * A tamper-evident, secret-free audit trail. Not yet implemented: this module is an empty
 * placeholder until its issue (hiroi-audit) lands.
 */
package io.hiroi.audit;
