package io.hiroi.widget;

import io.hiroi.core.ConstantTime;
import io.hiroi.crypto.ApiKey;
import io.hiroi.crypto.ApiKeyCheck;
import io.hiroi.crypto.ApiKeys;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.internal.StrictBase64Url;
import io.hiroi.widget.internal.Errors;
import io.hiroi.widget.internal.WidgetIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Widget API keys: a public widget id that is safe in the page ({@link #newWidgetId()}), and
 * secret server-side keys (hiroi-crypto {@link ApiKeys} format) scoped to one widget. A key issued
 * for widget A is rejected for widget B exactly as a key that was never issued: the widget id is
 * bound into the stored hash, so looking the key up for B finds no row, the same answer (and the
 * same code path) as for an unknown key.
 *
 * <p>Stored form: {@code <kid>:<64 hex>} where the hex is {@code SHA-256(ASCII("hiroi-widget-apikey-v1\n"
 * + widgetId + "\n" + h))} and {@code h} is the {@link ApiKeys#hash(ApiKey)} of the key under that
 * key id ({@code HMAC-SHA256} under the {@code hiroi-apikey-v1} purpose key). The database alone
 * cannot confirm a key (the inner HMAC needs the key ring); after a rotation, {@link
 * #lookupHashes(String, ApiKey)} gives the hash under every key id.
 *
 * <p>Immutable and thread-safe; share one instance per prefix.
 *
 * <pre>{@code
 * WidgetApiKeys keys = WidgetApiKeys.create(keyRing, "hw_live");
 * ApiKey key = keys.generate();           // show key.reveal() to the customer once
 * repository.save(keys.hash("w42", key)); // the stored hash binds the widget id
 * // on a request to widget w42's server API:
 * ApiKeyCheck check = keys.parse(header);
 * boolean known = check.isValid() && repository.existsAny(keys.lookupHashes("w42", check.key()));
 * }</pre>
 */
public final class WidgetApiKeys {
  private static final Pattern STORED_HASH = Pattern.compile("(0|[1-9][0-9]{0,9}):[0-9a-f]{64}");
  private static final String DOMAIN = "hiroi-widget-apikey-v1\n";
  private static final int WIDGET_ID_RANDOM_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ApiKeys apiKeys;
  private final KeyRing ring;

  private WidgetApiKeys(ApiKeys apiKeys, KeyRing ring) {
    this.apiKeys = apiKeys;
    this.ring = ring;
  }

  /**
   * Creates the key issuer for one prefix.
   *
   * @param ring the key ring
   * @param prefix an {@link ApiKeys} prefix such as {@code hw_live}
   * @return a new instance
   * @throws IllegalArgumentException if the prefix is invalid
   * @throws NullPointerException if an argument is null
   */
  public static WidgetApiKeys create(KeyRing ring, String prefix) {
    Objects.requireNonNull(ring, "ring");
    return new WidgetApiKeys(ApiKeys.create(ring, prefix), ring);
  }

  /**
   * Draws a new public widget id: {@code wgt_} and 22 base64url characters of 128 random bits. It
   * identifies the widget in the page's embed code and is not a secret; it grants nothing by itself.
   *
   * @return a new widget id
   */
  public static String newWidgetId() {
    byte[] random = new byte[WIDGET_ID_RANDOM_BYTES];
    RANDOM.nextBytes(random);
    return "wgt_" + StrictBase64Url.encode(random);
  }

  /**
   * Generates a new secret key.
   *
   * @return the key; show it once and store only {@link #hash(String, ApiKey)}
   */
  public ApiKey generate() {
    return apiKeys.generate();
  }

  /**
   * Checks a presented key's format, checksum and prefix, without any lookup.
   *
   * @param candidate the presented text
   * @return the key or why it is not one
   * @throws NullPointerException if {@code candidate} is null
   */
  public ApiKeyCheck parse(String candidate) {
    return apiKeys.parse(candidate);
  }

  /**
   * The hash to store for a key of a widget, under the primary key id.
   *
   * @param widgetId the widget the key is for
   * @param key the key
   * @return {@code <kid>:<64 lower-case hex digits>}
   * @throws IllegalArgumentException if the widget id is invalid
   * @throws NullPointerException if an argument is null
   */
  public String hash(String widgetId, ApiKey key) {
    WidgetIds.check(widgetId);
    Objects.requireNonNull(key, "key");
    return bind(widgetId, apiKeys.hash(key));
  }

  /**
   * The key's hashes for a widget under every key id, primary first, to look it up ({@code WHERE
   * key_hash IN (...)}). A key of another widget gives hashes that no row holds.
   *
   * @param widgetId the widget of the endpoint
   * @param key the presented key
   * @return one hash per key id
   * @throws IllegalArgumentException if the widget id is invalid
   * @throws NullPointerException if an argument is null
   */
  public List<String> lookupHashes(String widgetId, ApiKey key) {
    WidgetIds.check(widgetId);
    Objects.requireNonNull(key, "key");
    List<String> out = new ArrayList<>();
    for (String h : apiKeys.lookupHashes(key)) {
      out.add(bind(widgetId, h));
    }
    return out;
  }

  /**
   * Tells, in constant time, whether {@code key} is the key of {@code widgetId} whose stored hash
   * is {@code storedHash}: {@code false} alike for another widget's key, a wrong key, a stored
   * hash of a removed key id, and an invalid widget id.
   *
   * @param widgetId the widget of the endpoint
   * @param key the presented key
   * @param storedHash a hash from {@link #hash(String, ApiKey)}
   * @return {@code true} if they match
   * @throws IllegalArgumentException if {@code storedHash} is not of the stored form
   * @throws NullPointerException if an argument is null
   */
  public boolean verify(String widgetId, ApiKey key, String storedHash) {
    Objects.requireNonNull(widgetId, "widgetId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(storedHash, "storedHash");
    if (!STORED_HASH.matcher(storedHash).matches()) {
      throw new IllegalArgumentException(Errors.storedHashInvalid());
    }
    long kid = Long.parseLong(storedHash.substring(0, storedHash.indexOf(':')));
    if (kid > Integer.MAX_VALUE || !ring.contains((int) kid) || !WidgetIds.isValid(widgetId)) {
      return false;
    }
    for (String h : apiKeys.lookupHashes(key)) {
      if (h.startsWith(kid + ":")) {
        return ConstantTime.equals(bind(widgetId, h), storedHash);
      }
    }
    return false;
  }

  /** Names the prefix; never a key. */
  @Override
  public String toString() {
    return "WidgetApiKeys[" + apiKeys + "]";
  }

  private static String bind(String widgetId, String apiKeyHash) {
    int colon = apiKeyHash.indexOf(':');
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha256.digest((DOMAIN + widgetId + "\n" + apiKeyHash).getBytes(StandardCharsets.US_ASCII));
      return apiKeyHash.substring(0, colon) + ":" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every Java platform", e);
    }
  }
}
