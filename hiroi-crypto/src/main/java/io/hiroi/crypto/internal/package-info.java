/**
 * Not API: may change in any release. Implementation of {@code io.hiroi.crypto}, open to sibling
 * hiroi modules only.
 */
package io.hiroi.crypto.internal;
