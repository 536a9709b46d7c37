/** TOTP verification with its replay guard, in memory and on Redis. */
package io.hiroi.benchmarks.totp;
