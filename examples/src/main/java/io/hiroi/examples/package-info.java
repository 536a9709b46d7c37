/** Parley, the example app: a small chat-widget SaaS on embedded Jetty 12 that wires the hiroi modules. */
package io.hiroi.examples;
