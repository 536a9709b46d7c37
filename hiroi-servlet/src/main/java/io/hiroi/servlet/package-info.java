/**
 * Servlet filters over the hiroi cores. Not yet implemented: this module is an empty placeholder
 * until its issue (servlet filters and the example app) lands.
 */
package io.hiroi.servlet;
