/**
 * Test-only helpers for hiroi's own test suites: the published test vectors and real embedded
 * servers. Not a user dependency and not API.
 */
package io.hiroi.testing;
