/**
 * Sessions, one-time tokens, passwords, TOTP, passkeys, OAuth state and CSRF. Not yet implemented:
 * this module is an empty placeholder until its issues (hiroi-auth parts 1 and 2) land.
 */
package io.hiroi.auth;
