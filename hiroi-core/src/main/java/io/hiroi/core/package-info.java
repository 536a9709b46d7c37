/**
 * The shared root of every hiroi module: the unchecked exception root {@link
 * io.hiroi.core.HiroiSecurityException}, {@link io.hiroi.core.SecretBytes} for key material, and
 * {@link io.hiroi.core.ConstantTime} comparisons. It has no dependencies and holds nothing that
 * fewer than two modules need.
 */
package io.hiroi.core;
