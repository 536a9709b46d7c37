/** The example app that wires every hiroi module (a placeholder until its issue lands). */
package io.hiroi.examples;
