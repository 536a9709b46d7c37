/**
 * Not API: may change in any release. The commands of {@code hiroi-cli.jar}, reached through
 * {@link io.hiroi.cli.Main} only.
 */
package io.hiroi.cli.internal;
