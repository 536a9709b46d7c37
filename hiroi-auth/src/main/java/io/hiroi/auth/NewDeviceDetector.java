package io.hiroi.auth;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.IpLiterals;
import io.hiroi.auth.internal.Secrets;
import io.hiroi.core.SecretBytes;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.internal.Purposes;
import io.hiroi.crypto.internal.SiblingKeys;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells a sign-in from a new device or a new network, so the host can email an alert ("sign-ins
 * from new devices or networks trigger an email alert"). For each user it remembers, in a {@link
 * DeviceStore}, the devices and networks they signed in from, each as a keyed HMAC-SHA256 under the
 * purpose key {@value #PURPOSE} of the key ring's primary key (cut to 128 bits), and the user
 * under another HMAC: a dump of the store reveals no user id, IP address or user agent, and
 * cannot be checked against guesses without the key ring.
 *
 * <p>A device is the host's long-lived device cookie id when it passes one, otherwise the coarse
 * family of the user agent (browser and operating system, such as {@code chrome/windows}), so a
 * browser update is not a new device. A network is the client's IPv4 /24 or IPv6 /48 by default
 * (configurable). Each user keeps at most {@value #DEFAULT_MAX_ENTRIES} entries, the least recently
 * used dropped first, and an entry unused for {@link #DEFAULT_REMEMBER_FOR} is forgotten. Rotating
 * the primary key makes every device new once.
 *
 * <p>With an {@link AuthAudit}, each new device or network is recorded as {@link
 * AuthAudit#DEVICE_NEW} (the user id, the client, {@code new_device} and {@code new_network}).
 *
 * <p>Immutable and thread-safe; share one instance.
 */
public final class NewDeviceDetector {
  /** The purpose of the HMAC key. */
  public static final String PURPOSE = Purposes.NEW_DEVICE;

  /** The default number of devices and networks remembered per user. */
  public static final int DEFAULT_MAX_ENTRIES = 20;

  /** The default time an unused device or network is remembered. */
  public static final Duration DEFAULT_REMEMBER_FOR = Duration.ofDays(180);

  /** The default IPv4 network prefix, in bits. */
  public static final int DEFAULT_IPV4_PREFIX_BITS = 24;

  /** The default IPv6 network prefix, in bits. */
  public static final int DEFAULT_IPV6_PREFIX_BITS = 48;

  /** The longest device cookie id accepted. */
  public static final int MAX_DEVICE_ID_LENGTH = 128;

  private final DeviceStore store;
  private final byte[] key;
  private final Clock clock;
  private final int maxEntries;
  private final Duration rememberFor;
  private final int ipv4Bits;
  private final int ipv6Bits;
  private final AuthAudit audit;

  private NewDeviceDetector(Builder b) {
    this.store = b.store;
    SecretBytes k = SiblingKeys.purposeKey(b.ring, PURPOSE, b.ring.primaryKeyId());
    this.key = k.toByteArray();
    k.destroy();
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.maxEntries = b.maxEntries != null ? b.maxEntries : DEFAULT_MAX_ENTRIES;
    this.rememberFor = b.rememberFor != null ? b.rememberFor : DEFAULT_REMEMBER_FOR;
    this.ipv4Bits = b.ipv4Bits != null ? b.ipv4Bits : DEFAULT_IPV4_PREFIX_BITS;
    this.ipv6Bits = b.ipv6Bits != null ? b.ipv6Bits : DEFAULT_IPV6_PREFIX_BITS;
    this.audit = b.audit != null ? b.audit : AuthAudit.none();
  }

  /**
   * Starts a configuration.
   *
   * @param ring the key ring whose primary key derives the HMAC key
   * @param store {@link InMemoryDeviceStore} for one replica, {@link io.hiroi.auth.redis.RedisDeviceStore} for several
   * @return a new builder
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(KeyRing ring, DeviceStore store) {
    return new Builder(Objects.requireNonNull(ring, "ring"), Objects.requireNonNull(store, "store"));
  }

  /**
   * Checks a successful sign-in and remembers its device and network. Never throws for an
   * unavailable store ({@link DeviceCheck.Status#UNAVAILABLE}).
   *
   * @param userId the user who signed in, 1 to {@value SessionManager#MAX_USER_ID_LENGTH} characters
   * @param deviceId the host's device cookie id, or null to use the user agent's family; at most
   *     {@value #MAX_DEVICE_ID_LENGTH} characters
   * @param client the client's IP address and user agent
   * @return whether the device or network is new
   * @throws IllegalArgumentException if the user id or device id is invalid
   * @throws NullPointerException if {@code userId} or {@code client} is null
   */
  public DeviceCheck check(String userId, String deviceId, ClientInfo client) {
    Secrets.checkIdentifier("userId", userId, SessionManager.MAX_USER_ID_LENGTH);
    Objects.requireNonNull(client, "client");
    if (deviceId != null) {
      Secrets.checkIdentifier("deviceId", deviceId, MAX_DEVICE_ID_LENGTH);
    }
    String device = deviceId != null ? "id:" + deviceId : "ua:" + userAgentFamily(client.userAgent());
    String network = network(client.ipAddress());
    String userKey = mac("u", userId, "", 32);
    List<String> entries = List.of(mac("d", userId, device, 16), mac("n", userId, network, 16));
    List<Boolean> known;
    try {
      known = store.remember(userKey, entries, clock.instant(), rememberFor, maxEntries);
    } catch (AuthStoreException e) {
      return DeviceCheck.unavailable();
    }
    DeviceCheck result = DeviceCheck.of(known.get(0), known.get(1));
    if (result.isNew()) {
      audit.note(
          AuthAudit.DEVICE_NEW,
          AuditEvent.SUCCESS,
          userId,
          client,
          Map.of("new_device", !known.get(0), "new_network", !known.get(1)));
    }
    return result;
  }

  /** HMAC-SHA256 of {@code kind 0 userId 0 value}, the first {@code bytes} bytes as hex. */
  private String mac(String kind, String userId, String value, int bytes) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] out = m.doFinal((kind + '\0' + userId + '\0' + value).getBytes(StandardCharsets.UTF_8));
      return Secrets.hex(java.util.Arrays.copyOf(out, bytes));
    } catch (GeneralSecurityException e) {
      throw new AssertionError("every JDK has HmacSHA256", e);
    }
  }

  /** The client's network: its address cut to the prefix, or {@code ?} when it is not an IP literal. */
  String network(String ip) {
    Optional<InetAddress> parsed = IpLiterals.parse(ip);
    if (parsed.isEmpty()) {
      return "?";
    }
    byte[] a = parsed.get().getAddress();
    int bits = parsed.get() instanceof Inet4Address ? ipv4Bits : ipv6Bits;
    for (int i = 0; i < a.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - 8 * i));
      a[i] = (byte) (a[i] & (0xff00 >> keep));
    }
    return Secrets.hex(a) + "/" + bits;
  }

  /** A coarse {@code browser/os} family of a user agent, so that browser updates are not new devices. */
  static String userAgentFamily(String ua) {
    String s = ua.toLowerCase(Locale.ROOT);
    String browser;
    if (s.contains("edg/") || s.contains("edge/")) {
      browser = "edge";
    } else if (s.contains("opr/") || s.contains("opera")) {
      browser = "opera";
    } else if (s.contains("firefox/") || s.contains("fxios/")) {
      browser = "firefox";
    } else if (s.contains("chrome/") || s.contains("crios/") || s.contains("chromium/")) {
      browser = "chrome";
    } else if (s.contains("safari/")) {
      browser = "safari";
    } else if (s.isEmpty()) {
      browser = "none";
    } else {
      browser = "other";
    }
    String os;
    if (s.contains("iphone") || s.contains("ipad") || s.contains("ipod")) {
      os = "ios";
    } else if (s.contains("android")) {
      os = "android";
    } else if (s.contains("windows")) {
      os = "windows";
    } else if (s.contains("mac os") || s.contains("macintosh")) {
      os = "macos";
    } else if (s.contains("cros")) {
      os = "chromeos";
    } else if (s.contains("linux")) {
      os = "linux";
    } else {
      os = "other";
    }
    return browser + "/" + os;
  }

  @Override
  public String toString() {
    return "NewDeviceDetector[maxEntries=" + maxEntries + ", rememberFor=" + rememberFor + ", ipv4=/" + ipv4Bits + ", ipv6=/" + ipv6Bits
        + ", store=" + store + "]";
  }

  /**
   * Configures a {@link NewDeviceDetector}. Each setter may be called once.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final KeyRing ring;
    private final DeviceStore store;
    private Clock clock;
    private Integer maxEntries;
    private Duration rememberFor;
    private Integer ipv4Bits;
    private Integer ipv6Bits;
    private AuthAudit audit;

    private Builder(KeyRing ring, DeviceStore store) {
      this.ring = ring;
      this.store = store;
    }

    /**
     * Sets how many devices and networks one user keeps. Default {@value #DEFAULT_MAX_ENTRIES}.
     *
     * @param maxEntries 2 to 1000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder maxEntries(int maxEntries) {
      if (maxEntries < 2 || maxEntries > 1000) {
        throw Errors.outOfRange("maxEntries", "between 2 and 1000", maxEntries);
      }
      if (this.maxEntries != null) {
        throw Errors.settingTwice("maxEntries");
      }
      this.maxEntries = maxEntries;
      return this;
    }

    /**
     * Sets how long an unused device or network is remembered. Default {@link #DEFAULT_REMEMBER_FOR}.
     *
     * @param rememberFor 1 day to 800 days
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder rememberFor(Duration rememberFor) {
      Objects.requireNonNull(rememberFor, "rememberFor");
      if (rememberFor.compareTo(Duration.ofDays(1)) < 0 || rememberFor.compareTo(Duration.ofDays(800)) > 0) {
        throw Errors.durationRange("rememberFor", Duration.ofDays(1), Duration.ofDays(800), rememberFor);
      }
      if (this.rememberFor != null) {
        throw Errors.settingTwice("rememberFor");
      }
      this.rememberFor = rememberFor;
      return this;
    }

    /**
     * Sets the network prefixes. Defaults /{@value #DEFAULT_IPV4_PREFIX_BITS} and /{@value
     * #DEFAULT_IPV6_PREFIX_BITS}.
     *
     * @param ipv4Bits 8 to 32
     * @param ipv6Bits 16 to 128
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder networkPrefixes(int ipv4Bits, int ipv6Bits) {
      if (ipv4Bits < 8 || ipv4Bits > 32) {
        throw Errors.outOfRange("ipv4Bits", "between 8 and 32", ipv4Bits);
      }
      if (ipv6Bits < 16 || ipv6Bits > 128) {
        throw Errors.outOfRange("ipv6Bits", "between 16 and 128", ipv6Bits);
      }
      if (this.ipv4Bits != null) {
        throw Errors.settingTwice("networkPrefixes");
      }
      this.ipv4Bits = ipv4Bits;
      this.ipv6Bits = ipv6Bits;
      return this;
    }

    /**
     * Sets where new devices are recorded. Default {@link AuthAudit#none()}.
     *
     * @param audit the audit log and its policy
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder audit(AuthAudit audit) {
      Objects.requireNonNull(audit, "audit");
      if (this.audit != null) {
        throw Errors.settingTwice("audit");
      }
      this.audit = audit;
      return this;
    }

    /**
     * Sets the clock. Default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if null
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      if (this.clock != null) {
        throw Errors.settingTwice("clock");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Builds the detector.
     *
     * @return an immutable, thread-safe detector
     */
    public NewDeviceDetector build() {
      return new NewDeviceDetector(this);
    }

    @Override
    public String toString() {
      return "NewDeviceDetector.Builder";
    }
  }
}
