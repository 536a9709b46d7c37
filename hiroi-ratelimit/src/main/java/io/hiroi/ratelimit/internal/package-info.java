/**
 * Not API: may change in any release. The rate-limit module's algorithms, messages and helpers.
 */
package io.hiroi.ratelimit.internal;
