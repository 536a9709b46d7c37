/**
 * Not API: may change in any release. The Origin parser, widget id rules and the message factory
 * of hiroi-widget-token.
 */
package io.hiroi.widget.internal;
