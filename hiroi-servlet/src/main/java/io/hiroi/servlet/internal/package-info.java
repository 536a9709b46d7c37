/**
 * Not API: may change in any release. The servlet module's messages and address parsing.
 */
package io.hiroi.servlet.internal;
