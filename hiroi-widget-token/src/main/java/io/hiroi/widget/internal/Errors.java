package io.hiroi.widget.internal;

import java.time.Duration;

/**
 * Every message hiroi-widget-token puts in an exception, in one file so a review can check that
 * none holds a secret, a token, a key or attacker-supplied text (an Origin header, a visitor id).
 * Messages may name settings, sizes, key ids, allowed ranges and denial reasons.
 */
public final class Errors {
  private Errors() {}

  public static String widgetIdInvalid(int length) {
    return "widget id must be 1 to " + WidgetIds.MAX_LENGTH
        + " characters of [A-Za-z0-9_-] starting with a letter or digit (length was " + length + ")";
  }

  public static String safelistEntryInvalid(int index, String reason) {
    return "safelist entry " + index + " is not an origin of the form scheme://host[:port] (" + reason + ")";
  }

  public static String safelistHttpNotAllowed(int index) {
    return "safelist entry " + index + " is an http origin; call insecureAllowHttp() to accept http"
        + " (for example for localhost development)";
  }

  public static String safelistWildcardInvalid(int index) {
    return "safelist entry " + index + " must be of the form https://*.<domain with at least two"
        + " labels>[:port]; a wildcard is only allowed as the whole first label of a DNS name";
  }

  public static String safelistEmpty() {
    return "origin safelist has no entries; add at least one allowed origin";
  }

  public static String safelistTooLarge(int max) {
    return "origin safelist holds at most " + max + " entries";
  }

  public static String originInvalid(String reason) {
    return "origin is not a serialized origin scheme://host[:port] (" + reason + ")";
  }

  public static String ttlRange(String setting, Duration min, Duration max, Duration was) {
    return setting + " must be between " + min + " and " + max + ", was " + was;
  }

  public static String leewayRange(Duration max, Duration was) {
    return "leeway must be between PT0S and " + max + ", was " + was;
  }

  public static String settingTwice(String setting) {
    return setting + " was already set";
  }

  public static String visitorIdInvalid(int max) {
    return "visitor id must be 1 to " + max + " characters of valid UTF-16 (no unpaired surrogate)";
  }

  public static String corsTokenInvalid(String setting) {
    return setting + " must be HTTP tokens (RFC 9110 section 5.6.2), non-empty";
  }

  public static String corsMaxAgeRange(Duration max, Duration was) {
    return "maxAge must be between PT0S and " + max + ", was " + was;
  }

  public static String notAllowed(String what) {
    return "not an allowed " + what + "; check isAllowed() first";
  }

  public static String notValid(String what, Object failure) {
    return what + " did not succeed (" + failure + "); check isValid() first";
  }

  public static String keyIdNotInRing(int keyId) {
    return "key id " + keyId + " is not in the key ring";
  }

  public static String storedHashInvalid() {
    return "stored widget API key hash must be <kid>:<64 lower-case hex digits>";
  }
}
