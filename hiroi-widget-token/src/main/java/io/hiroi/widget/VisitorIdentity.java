package io.hiroi.widget;

import io.hiroi.core.SecretBytes;
import io.hiroi.crypto.KeyRing;
import io.hiroi.widget.internal.Errors;
import io.hiroi.widget.internal.WidgetIds;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Visitor identity verification in the style of Intercom's {@code user_hash}: the customer's
 * backend, which knows who is logged in, puts {@code hex(HMAC-SHA256(identity secret, UTF-8(visitor
 * id)))} (lower-case) into its page beside the visitor id; the widget sends both; {@link #verify}
 * accepts the pair only if the hash is right, so a visitor cannot claim another visitor's id by
 * editing the page. The comparison is constant-time.
 *
 * <p>The identity secret is the purpose key {@code hiroi-widget-identity-v1:<widgetId>}, not the
 * widget's token-signing key ({@link WidgetSessionTokens#widgetSecret(String)}): a {@code user_hash}
 * is an HMAC of a string the customer's users may choose, and were it made with the token key, a
 * user named like a token's signing input ({@code eyJ...}) would be handed a valid token signature.
 * Give the customer both secrets; they are independent.
 *
 * <p>Immutable and thread-safe; share one instance. The key ring is read at {@link
 * #create(KeyRing)}: a hash made under any key id of the ring verifies.
 */
public final class VisitorIdentity {
  /** The purpose prefix of a widget's identity secret. */
  public static final String PURPOSE_PREFIX = "hiroi-widget-identity-v1:";

  private static final String HMAC = "HmacSHA256";
  private static final int HASH_CHARS = 64;

  private final KeyRing ring;

  private VisitorIdentity(KeyRing ring) {
    this.ring = ring;
  }

  /**
   * Creates the verifier.
   *
   * @param ring the key ring
   * @return a new instance
   * @throws NullPointerException if {@code ring} is null
   */
  public static VisitorIdentity create(KeyRing ring) {
    return new VisitorIdentity(Objects.requireNonNull(ring, "ring"));
  }

  /**
   * Computes the {@code user_hash} of a visitor under the primary key id, as the customer's backend
   * does with the exported secret.
   *
   * @param widgetId the widget id
   * @param visitorId the visitor id, non-empty
   * @return 64 lower-case hex digits
   * @throws IllegalArgumentException if the widget id is invalid or the visitor id empty
   * @throws NullPointerException if an argument is null
   */
  public String userHash(String widgetId, String visitorId) {
    WidgetIds.check(widgetId);
    checkVisitor(visitorId);
    return HexFormat.of().formatHex(mac(widgetId, ring.primaryKeyId(), visitorId));
  }

  /**
   * Tells, in constant time, whether {@code userHash} is the visitor's hash under any key id of the
   * ring. Never throws for a bad hash.
   *
   * @param widgetId the widget id of the endpoint
   * @param visitorId the claimed visitor id
   * @param userHash the presented hash: 64 lower-case hex digits
   * @return {@code true} if it matches
   * @throws NullPointerException if {@code widgetId} or {@code visitorId} is null
   */
  public boolean verify(String widgetId, String visitorId, String userHash) {
    Objects.requireNonNull(widgetId, "widgetId");
    Objects.requireNonNull(visitorId, "visitorId");
    if (userHash == null || userHash.length() != HASH_CHARS || !WidgetIds.isValid(widgetId)
        || visitorId.isEmpty() || !isLowerHex(userHash)) {
      return false;
    }
    byte[] presented = HexFormat.of().parseHex(userHash);
    boolean match = false;
    for (int kid : ring.keyIds()) {
      match |= MessageDigest.isEqual(mac(widgetId, kid, visitorId), presented);
    }
    return match;
  }

  /**
   * Exports a widget's identity secret under the primary key id, for the customer's backend.
   *
   * @param widgetId the widget id
   * @return a copy of the 32-byte key; destroy it when done
   * @throws IllegalArgumentException if the widget id is invalid
   * @throws NullPointerException if {@code widgetId} is null
   */
  public SecretBytes identitySecret(String widgetId) {
    return identitySecret(widgetId, ring.primaryKeyId());
  }

  /**
   * Exports a widget's identity secret under a given key id.
   *
   * @param widgetId the widget id
   * @param keyId a key id of the ring
   * @return a copy of the 32-byte key
   * @throws IllegalArgumentException if the widget id is invalid or the key id is not in the ring
   * @throws NullPointerException if {@code widgetId} is null
   */
  public SecretBytes identitySecret(String widgetId, int keyId) {
    WidgetIds.check(widgetId);
    if (!ring.contains(keyId)) {
      throw new IllegalArgumentException(Errors.keyIdNotInRing(keyId));
    }
    return ring.exportPurposeKey(PURPOSE_PREFIX + widgetId, keyId);
  }

  /** Names the key ids; never key material. */
  @Override
  public String toString() {
    return "VisitorIdentity[keyIds=" + ring.keyIds() + "]";
  }

  private byte[] mac(String widgetId, int kid, String visitorId) {
    SecretBytes secret = ring.exportPurposeKey(PURPOSE_PREFIX + widgetId, kid);
    byte[] key = secret.toByteArray();
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(visitorId.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new AssertionError("HmacSHA256 is required of every Java platform", e);
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
      secret.destroy();
    }
  }

  private static void checkVisitor(String visitorId) {
    Objects.requireNonNull(visitorId, "visitorId");
    if (visitorId.isEmpty()) {
      throw new IllegalArgumentException(Errors.visitorIdInvalid(WidgetSessionTokens.MAX_VISITOR_ID_LENGTH));
    }
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
