/**
 * Widget Origin safelist and signed widget session tokens. Not yet implemented: this module is an
 * empty placeholder until its issue (hiroi-widget-token) lands.
 */
package io.hiroi.widget;
