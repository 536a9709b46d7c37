package io.hiroi.crypto.internal;

/**
 * The purpose strings hiroi's own features derive keys for (DESIGN.md, "Key derivation"), and the
 * rules that keep one key from serving two kinds of algorithm: a purpose that keys an HMAC is
 * refused as an AES-GCM purpose and the other way round, and hiroi's internal keys cannot be
 * exported. Purposes not starting with {@code hiroi-} belong to the host application.
 */
public final class Purposes {
  public static final String CREDENTIAL = "hiroi-credential-v1";
  public static final String TOTP = "hiroi-totp-v1";
  public static final String API_KEY = "hiroi-apikey-v1";
  public static final String AUDIT_CHAIN = "hiroi-audit-chain-v1";
  public static final String OAUTH_STATE = "hiroi-oauth-state-v1";
  public static final String SERVICE_TOKEN = "hiroi-service-token-v1";
  public static final String WIDGET_SESSION_PREFIX = "hiroi-widget-session-v1:";
  /** A widget's visitor-identity secret ({@code user_hash}), apart from its token key (hiroi-widget-token). */
  public static final String WIDGET_IDENTITY_PREFIX = "hiroi-widget-identity-v1:";

  private static final String RESERVED_PREFIX = "hiroi-";

  private Purposes() {}

  /** A purpose whose key hiroi uses for AES-256-GCM. */
  public static boolean isAead(String purpose) {
    return purpose.equals(CREDENTIAL) || purpose.equals(TOTP);
  }

  /** A purpose whose key hiroi uses for HMAC-SHA256 (MACs and signed tokens). */
  public static boolean isHmac(String purpose) {
    return purpose.equals(API_KEY)
        || purpose.equals(AUDIT_CHAIN)
        || purpose.equals(OAUTH_STATE)
        || purpose.equals(SERVICE_TOKEN)
        || purpose.startsWith(WIDGET_SESSION_PREFIX)
        || purpose.startsWith(WIDGET_IDENTITY_PREFIX);
  }

  /**
   * Whether a purpose key may leave the library: a widget's signing or visitor-identity secret
   * (made to be handed to the host's backend) or a host-defined purpose; never one of hiroi's
   * internal keys.
   */
  public static boolean isExportable(String purpose) {
    return purpose.startsWith(WIDGET_SESSION_PREFIX)
        || purpose.startsWith(WIDGET_IDENTITY_PREFIX)
        || !purpose.startsWith(RESERVED_PREFIX);
  }
}
