/**
 * Rate limits and connection caps that fail closed. Not yet implemented: this module is an empty
 * placeholder until its issue (hiroi-ratelimit) lands.
 */
package io.hiroi.ratelimit;
