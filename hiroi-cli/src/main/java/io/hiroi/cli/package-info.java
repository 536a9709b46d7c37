/** The hiroi command line: key rings, envelopes, passwords and API keys over standard streams. */
package io.hiroi.cli;
