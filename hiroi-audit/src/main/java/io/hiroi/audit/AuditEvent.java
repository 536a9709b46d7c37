package io.hiroi.audit;

import io.hiroi.audit.internal.Errors;
import io.hiroi.audit.internal.Jcs;
import io.hiroi.audit.internal.Uuid7;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One thing that happened, as an immutable value: a dotted {@linkplain #type() type} such as
 * {@code auth.login.succeeded}, an outcome, who did it ({@code actor}), to what ({@code target}),
 * for which tenant, from which ip and user agent, and a small map of attributes (strings, integers,
 * booleans). Its id is a UUIDv7 (RFC 9562) drawn from {@link java.security.SecureRandom} and its
 * time is the injected {@link Clock}'s, cut to microseconds, as the record format of DESIGN.md
 * ("Audit records") holds it. A request id is kept as the attribute {@value #REQUEST_ID}.
 *
 * <p>Values are checked when set (lengths, character sets, integers exact in every JSON reader),
 * but not for secrets: the {@link AuditLog} passes every event through its {@link Redactor} before
 * anything is written. {@link #toString()} prints the type and id only.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * AuditEvent event = AuditEvent.builder(clock, "auth.login.succeeded")
 *     .outcome(AuditEvent.SUCCESS).actor("user/42").tenant("acme").ip("203.0.113.7")
 *     .requestId("req-7f3a").attribute("method", "password").build();
 * }</pre>
 */
public final class AuditEvent {
  /** The usual outcome of an action that worked. */
  public static final String SUCCESS = "success";

  /** The usual outcome of an action that failed (a wrong password, an expired link). */
  public static final String FAILURE = "failure";

  /** The usual outcome of an action refused by a policy (rate limit, CSRF, permission). */
  public static final String DENIED = "denied";

  /** The attribute name that holds the request id. */
  public static final String REQUEST_ID = "request_id";

  /** The longest value of a text field or string attribute, in UTF-16 characters. */
  public static final int MAX_VALUE_LENGTH = 2048;

  /** The most attributes an event holds. */
  public static final int MAX_ATTRIBUTES = 32;

  private static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

  private final UUID id;
  private final Instant ts;
  private final String type;
  private final String outcome;
  private final String actor;
  private final String target;
  private final String tenant;
  private final String ip;
  private final String userAgent;
  private final Map<String, Object> attributes;

  AuditEvent(
      UUID id,
      Instant ts,
      String type,
      String outcome,
      String actor,
      String target,
      String tenant,
      String ip,
      String userAgent,
      Map<String, Object> attributes) {
    this.id = id;
    this.ts = ts;
    this.type = type;
    this.outcome = outcome;
    this.actor = actor;
    this.target = target;
    this.tenant = tenant;
    this.ip = ip;
    this.userAgent = userAgent;
    this.attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /**
   * Starts an event of a type at the clock's current instant.
   *
   * @param clock the time source; its instant becomes {@code ts} and the UUIDv7's time
   * @param type lower-case words {@code [a-z0-9_]} joined by {@code .}, 1 to 100 characters, such
   *     as {@code auth.login.succeeded}
   * @return a new builder
   * @throws IllegalArgumentException if the type is not of that form, or is {@value
   *     AuditRecord#CHECKPOINT_TYPE} (reserved for the chain's own checkpoint records)
   */
  public static Builder builder(Clock clock, String type) {
    if (AuditRecord.CHECKPOINT_TYPE.equals(type)) {
      // Only the chain itself writes checkpoints: the verifier starts a purged trail at one, and
      // the JDBC purge cuts at one, so an application event of this type must never exist.
      throw new IllegalArgumentException("event type " + AuditRecord.CHECKPOINT_TYPE + " is reserved for the chain's own checkpoint records");
    }
    return new Builder(Objects.requireNonNull(clock, "clock"), checkType(type));
  }

  static String checkType(String type) {
    Objects.requireNonNull(type, "type");
    if (type.isEmpty() || type.length() > 100 || type.charAt(0) == '.' || type.charAt(type.length() - 1) == '.') {
      throw new IllegalArgumentException(Errors.invalidType());
    }
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      boolean word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (!word && !(c == '.' && type.charAt(i - 1) != '.')) {
        throw new IllegalArgumentException(Errors.invalidType());
      }
    }
    return type;
  }

  /**
   * Returns the id.
   *
   * @return a UUIDv7
   */
  public UUID id() {
    return id;
  }

  /**
   * Returns when it happened.
   *
   * @return the instant, with microsecond precision
   */
  public Instant timestamp() {
    return ts;
  }

  /**
   * Returns the type.
   *
   * @return the dotted type, such as {@code auth.login.succeeded}
   */
  public String type() {
    return type;
  }

  /**
   * Returns the outcome.
   *
   * @return the outcome, such as {@value #SUCCESS}, if set
   */
  public Optional<String> outcome() {
    return Optional.ofNullable(outcome);
  }

  /**
   * Returns who acted.
   *
   * @return the actor (a user id, a service, or a {@code pii:} value), if set
   */
  public Optional<String> actor() {
    return Optional.ofNullable(actor);
  }

  /**
   * Returns what was acted on.
   *
   * @return the target, if set
   */
  public Optional<String> target() {
    return Optional.ofNullable(target);
  }

  /**
   * Returns the tenant.
   *
   * @return the tenant, if set
   */
  public Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  /**
   * Returns the client address.
   *
   * @return the ip (or a {@code pii:} value), if set
   */
  public Optional<String> ip() {
    return Optional.ofNullable(ip);
  }

  /**
   * Returns the user agent.
   *
   * @return the user agent, if set
   */
  public Optional<String> userAgent() {
    return Optional.ofNullable(userAgent);
  }

  /**
   * Returns the attributes.
   *
   * @return an unmodifiable map, sorted by name, of {@code String}, {@code Long} and {@code
   *     Boolean} values
   */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** A copy with other field values; same id and time. For the redactor and the PII protector. */
  AuditEvent with(
      String actor, String target, String tenant, String ip, String userAgent, Map<String, Object> attributes) {
    return new AuditEvent(id, ts, type, outcome, actor, target, tenant, ip, userAgent, attributes);
  }

  String rawOutcome() {
    return outcome;
  }

  String rawActor() {
    return actor;
  }

  String rawTarget() {
    return target;
  }

  String rawTenant() {
    return tenant;
  }

  String rawIp() {
    return ip;
  }

  String rawUserAgent() {
    return userAgent;
  }

  /**
   * Two events are equal when every field is.
   *
   * @param other another object
   * @return whether it is an equal event
   */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof AuditEvent)) {
      return false;
    }
    AuditEvent o = (AuditEvent) other;
    return id.equals(o.id)
        && ts.equals(o.ts)
        && type.equals(o.type)
        && Objects.equals(outcome, o.outcome)
        && Objects.equals(actor, o.actor)
        && Objects.equals(target, o.target)
        && Objects.equals(tenant, o.tenant)
        && Objects.equals(ip, o.ip)
        && Objects.equals(userAgent, o.userAgent)
        && attributes.equals(o.attributes);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** Names the type and id only: the other fields may hold personal data. */
  @Override
  public String toString() {
    return "AuditEvent[" + type + ", " + id + "]";
  }

  static String checkValue(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(Errors.tooLong(field, MAX_VALUE_LENGTH, value.length()));
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(Errors.loneSurrogate(field));
      }
    }
    return value;
  }

  static String checkAttributeName(String name) {
    Objects.requireNonNull(name, "name");
    if (!isAttributeName(name)) {
      throw new IllegalArgumentException(Errors.invalidAttributeName());
    }
    return name;
  }

  /** {@code [A-Za-z0-9_.-]{1,64}}, checked by hand: this runs for every attribute of every event. */
  static boolean isAttributeName(String name) {
    int n = name.length();
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** {@code [a-z_]{1,32}}, checked by hand. */
  static boolean isOutcome(String outcome) {
    int n = outcome.length();
    if (n < 1 || n > 32) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = outcome.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  static String checkOutcome(String outcome) {
    Objects.requireNonNull(outcome, "outcome");
    if (!isOutcome(outcome)) {
      throw new IllegalArgumentException(Errors.invalidOutcome());
    }
    return outcome;
  }

  /**
   * Collects an event's fields; each may be set once. Values are checked when set.
   *
   * <p>Not thread-safe; use one builder per event.
   */
  public static final class Builder {
    private final Clock clock;
    private final String type;
    private String outcome;
    private String actor;
    private String target;
    private String tenant;
    private String ip;
    private String userAgent;
    private final Map<String, Object> attributes = new TreeMap<>();

    private Builder(Clock clock, String type) {
      this.clock = clock;
      this.type = type;
    }

    private static void once(Object current, String setting) {
      if (current != null) {
        throw new IllegalStateException(Errors.settingTwice(setting));
      }
    }

    /**
     * Sets the outcome.
     *
     * @param outcome 1 to 32 characters of {@code [a-z_]}, such as {@value AuditEvent#SUCCESS}
     * @return this builder
     * @throws IllegalArgumentException if the outcome is not of that form
     * @throws IllegalStateException if the outcome was already set
     */
    public Builder outcome(String outcome) {
      once(this.outcome, "outcome");
      this.outcome = checkOutcome(outcome);
      return this;
    }

    /**
     * Sets who acted: a user id, a service name, or a {@link PiiProtector} value.
     *
     * @param actor at most {@value AuditEvent#MAX_VALUE_LENGTH} characters
     * @return this builder
     * @throws IllegalArgumentException if the value is too long or holds a lone surrogate
     * @throws IllegalStateException if the actor was already set
     */
    public Builder actor(String actor) {
      once(this.actor, "actor");
      this.actor = checkValue("actor", actor);
      return this;
    }

    /**
     * Sets what was acted on.
     *
     * @param target at most {@value AuditEvent#MAX_VALUE_LENGTH} characters
     * @return this builder
     * @throws IllegalArgumentException if the value is too long or holds a lone surrogate
     * @throws IllegalStateException if the target was already set
     */
    public Builder target(String target) {
      once(this.target, "target");
      this.target = checkValue("target", target);
      return this;
    }

    /**
     * Sets the tenant.
     *
     * @param tenant at most {@value AuditEvent#MAX_VALUE_LENGTH} characters
     * @return this builder
     * @throws IllegalArgumentException if the value is too long or holds a lone surrogate
     * @throws IllegalStateException if the tenant was already set
     */
    public Builder tenant(String tenant) {
      once(this.tenant, "tenant");
      this.tenant = checkValue("tenant", tenant);
      return this;
    }

    /**
     * Sets the client address.
     *
     * @param ip an address, or a {@link PiiProtector} value; at most {@value
     *     AuditEvent#MAX_VALUE_LENGTH} characters
     * @return this builder
     * @throws IllegalArgumentException if the value is too long or holds a lone surrogate
     * @throws IllegalStateException if the ip was already set
     */
    public Builder ip(String ip) {
      once(this.ip, "ip");
      this.ip = checkValue("ip", ip);
      return this;
    }

    /**
     * Sets the user agent.
     *
     * @param userAgent at most {@value AuditEvent#MAX_VALUE_LENGTH} characters
     * @return this builder
     * @throws IllegalArgumentException if the value is too long or holds a lone surrogate
     * @throws IllegalStateException if the user agent was already set
     */
    public Builder userAgent(String userAgent) {
      once(this.userAgent, "userAgent");
      this.userAgent = checkValue("userAgent", userAgent);
      return this;
    }

    /**
     * Sets the request id, kept as the attribute {@value AuditEvent#REQUEST_ID}.
     *
     * @param requestId at most {@value AuditEvent#MAX_VALUE_LENGTH} characters
     * @return this builder
     * @throws IllegalArgumentException if the value is too long or holds a lone surrogate
     * @throws IllegalStateException if the request id was already set
     */
    public Builder requestId(String requestId) {
      return attribute(REQUEST_ID, requestId);
    }

    /**
     * Adds a string attribute.
     *
     * @param name 1 to 64 characters of {@code [A-Za-z0-9_.-]}
     * @param value at most {@value AuditEvent#MAX_VALUE_LENGTH} characters
     * @return this builder
     * @throws IllegalArgumentException if the name or value is invalid, or there would be more
     *     than {@value AuditEvent#MAX_ATTRIBUTES} attributes
     * @throws IllegalStateException if the name was already set
     */
    public Builder attribute(String name, String value) {
      return put(name, checkValue("attribute value", value));
    }

    /**
     * Adds an integer attribute.
     *
     * @param name 1 to 64 characters of {@code [A-Za-z0-9_.-]}
     * @param value at most 2^53 - 1 in magnitude, so that every JSON reader holds it exactly
     * @return this builder
     * @throws IllegalArgumentException if the name or value is invalid, or there would be more
     *     than {@value AuditEvent#MAX_ATTRIBUTES} attributes
     * @throws IllegalStateException if the name was already set
     */
    public Builder attribute(String name, long value) {
      if (value > Jcs.MAX_SAFE_INTEGER || value < -Jcs.MAX_SAFE_INTEGER) {
        throw new IllegalArgumentException(Errors.integerRange());
      }
      return put(name, value);
    }

    /**
     * Adds a boolean attribute.
     *
     * @param name 1 to 64 characters of {@code [A-Za-z0-9_.-]}
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the name is invalid, or there would be more than
     *     {@value AuditEvent#MAX_ATTRIBUTES} attributes
     * @throws IllegalStateException if the name was already set
     */
    public Builder attribute(String name, boolean value) {
      return put(name, value);
    }

    private Builder put(String name, Object value) {
      checkAttributeName(name);
      if (attributes.containsKey(name)) {
        throw new IllegalStateException(Errors.duplicateAttribute());
      }
      if (attributes.size() >= MAX_ATTRIBUTES) {
        throw new IllegalArgumentException(Errors.tooManyAttributes(MAX_ATTRIBUTES));
      }
      attributes.put(name, value);
      return this;
    }

    /**
     * Builds the event: reads the clock once for its time and its UUIDv7.
     *
     * @return the event
     * @throws IllegalArgumentException if the clock is before 1970 or after 9999
     */
    public AuditEvent build() {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      if (now.isBefore(Instant.EPOCH) || now.isAfter(MAX_INSTANT)) {
        throw new IllegalArgumentException(Errors.clockOutOfRange());
      }
      return new AuditEvent(Uuid7.at(now), now, type, outcome, actor, target, tenant, ip, userAgent, attributes);
    }
  }
}
