/** Widget benchmarks: the Origin safelist check on one core. */
package io.hiroi.benchmarks.widget;
