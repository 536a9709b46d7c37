/**
 * Not API: may change in any release. Implementation of {@code io.hiroi.auth}: token encoding,
 * hashing and the module's messages.
 */
package io.hiroi.auth.internal;
