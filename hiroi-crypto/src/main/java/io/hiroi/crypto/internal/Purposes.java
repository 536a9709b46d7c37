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
  /** The audit trail's head checkpoints (an HMAC, hiroi-audit). */
  public static final String AUDIT_HEAD = "hiroi-audit-head-v1";
  /** The audit key store's lookup of a subject (an HMAC, hiroi-audit). */
  public static final String AUDIT_SUBJECT_LOOKUP = "hiroi-audit-subject-lookup-v1";
  /** The wrap of a subject's own key ring in the audit key store (AES-GCM, hiroi-audit). */
  public static final String AUDIT_SUBJECT = "hiroi-audit-subject-v1";
  /** Personal data in audit records, under a subject's own key ring (AES-GCM, hiroi-audit). */
  public static final String AUDIT_PII = "hiroi-audit-pii-v1";
  /** The new-device detector's device fingerprints (an HMAC, hiroi-auth). */
  public static final String NEW_DEVICE = "hiroi-new-device-v1";
  public static final String OAUTH_STATE = "hiroi-oauth-state-v1";
  public static final String SERVICE_TOKEN = "hiroi-service-token-v1";
  public static final String WIDGET_SESSION_PREFIX = "hiroi-widget-session-v1:";
  /** A widget's visitor-identity secret ({@code user_hash}), apart from its token key (hiroi-widget-token). */
  public static final String WIDGET_IDENTITY_PREFIX = "hiroi-widget-identity-v1:";

  private static final String RESERVED_PREFIX = "hiroi-";

  private Purposes() {}

  /** A purpose whose key hiroi uses for AES-256-GCM. */
  public static boolean isAead(String purpose) {
    return purpose.equals(CREDENTIAL) || purpose.equals(TOTP) || purpose.equals(AUDIT_SUBJECT) || purpose.equals(AUDIT_PII);
  }

  /** A purpose whose key hiroi uses for HMAC-SHA256 (MACs and signed tokens). */
  public static boolean isHmac(String purpose) {
    return isInternalMac(purpose)
        || purpose.equals(OAUTH_STATE)
        || purpose.equals(SERVICE_TOKEN)
        || purpose.startsWith(WIDGET_SESSION_PREFIX)
        || purpose.startsWith(WIDGET_IDENTITY_PREFIX);
  }

  /**
   * A purpose whose HMAC key serves one of hiroi's own MACs rather than signed tokens (API key
   * hashes, the audit chain and its head checkpoints, the audit subject lookup, device
   * fingerprints): refused as a token signing purpose too.
   */
  public static boolean isInternalMac(String purpose) {
    return purpose.equals(API_KEY)
        || purpose.equals(AUDIT_CHAIN)
        || purpose.equals(AUDIT_HEAD)
        || purpose.equals(AUDIT_SUBJECT_LOOKUP)
        || purpose.equals(NEW_DEVICE);
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
