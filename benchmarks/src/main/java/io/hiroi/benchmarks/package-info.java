/** JMH benchmarks of hiroi beside the libraries a user would pick instead. */
package io.hiroi.benchmarks;
