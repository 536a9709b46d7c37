/** Session validation: hiroi's in-memory and Redis stores beside a raw Redis read of the same key. */
package io.hiroi.benchmarks.session;
