package io.hiroi.audit;

import io.hiroi.audit.internal.Errors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of an event before anything is written. Two rules:
 *
 * <ol>
 *   <li>An attribute whose name is on the deny list has its value replaced by {@value #REDACTED},
 *       whatever its type. Names are compared word by word: {@code access_token}, {@code
 *       X-Api-Key}, {@code apiKey} and {@code clientSecret} all match ({@code token}, {@code
 *       api_key}, {@code secret}). The default list is {@link #DEFAULT_DENIED_NAMES}; a builder
 *       adds more.
 *   <li>Text that looks like a secret is masked wherever it appears (actor, target, tenant, ip,
 *       user agent and every string attribute): JWS/JWT/JWE compact tokens ({@code eyJ...}), hiroi
 *       API keys ({@code <prefix>_<49 base62>}), {@code Bearer}/{@code Basic} credentials, pairs
 *       whose name is deny-listed ({@code name=value} as in a query string, {@code name: value},
 *       {@code "name":"value"} as in JSON, {@code 'name': 'value'}, {@code name => value}; a quoted
 *       value is masked up to its closing quote), XML elements {@code <name>value</name>} whose name
 *       is deny-listed, runs of 32 or more hex
 *       digits, and runs of 20 or more base64/base64url characters that mix upper case, lower case
 *       and digits (or, from 32 characters, hold 20 distinct characters).
 * </ol>
 *
 * <p>A whole value of the {@link PiiProtector} form {@code pii:v1:<ref>:<envelope>} is left as it
 * is. The event type, id, time and outcome are never changed, so the trail stays readable. The
 * rules are heuristics that err on the side of masking: a long mixed-case identifier is masked
 * too. They cannot recognise a short secret put under an innocent attribute name, such as a
 * six-digit code under {@code value}; name attributes after what they hold.
 *
 * <p>Immutable and thread-safe; share one instance.
 */
public final class Redactor {
  /** What a redacted value becomes. */
  public static final String REDACTED = "[redacted]";

  /** The attribute names redacted by default (compared word by word, case-insensitively). */
  public static final List<String> DEFAULT_DENIED_NAMES =
      List.of(
          "password", "passwd", "pwd", "passphrase", "passcode", "pin", "secret", "token", "otp", "code", "authorization",
          "cookie", "api_key", "credentials");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern CREDENTIAL_SCHEME =
      Pattern.compile("(?i)\\b(bearer|basic|digest|token)(\\s+)[A-Za-z0-9._~+/=-]{6,}");
  /** What {@link #hasSchemeWord} finds, as the regular expression the tests hold it to. */
  static final Pattern SCHEME_WORD = Pattern.compile("(?i)bearer|basic|digest|token");
  /**
   * A name, bare or quoted (JSON {@code "name":}, Python {@code 'name':}), a separator ({@code =},
   * {@code :}, {@code =>}) and a value: a double- or single-quoted string up to its closing quote
   * (escapes skipped), or a bare run up to a space or a delimiter.
   */
  private static final Pattern PAIR =
      Pattern.compile(
          "([\"']?)([A-Za-z0-9_.-]{1,64})\\1(\\s*(?:=>|[=:])\\s*)"
              + "(?:\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\""
              + "|'([^'\\\\]*+(?:\\\\.[^'\\\\]*+)*+)'"
              + "|([\"']?)([^\\s&;,\"'<>]+))");
  /** An XML element holding text: {@code <password>hunter2</password>}. */
  private static final Pattern ELEMENT = Pattern.compile("<([A-Za-z0-9_.-]{1,64})>([^<]{1,4096})</\\1>");
  private static final Pattern JOSE = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}(?:\\.[A-Za-z0-9_-]*){1,4}");
  /** The random part of a hiroi API key; its prefix ({@code [a-z0-9_]} before it) is found by hand. */
  private static final Pattern API_KEY_TAIL = Pattern.compile("_[0-9A-Za-z]{49}(?![0-9A-Za-z])");
  private static final Pattern RUN = Pattern.compile("[A-Za-z0-9+/_-]{20,}={0,2}");
  private static final Pattern SPLIT = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

  private static final Redactor DEFAULTS = new Redactor(words(DEFAULT_DENIED_NAMES));

  private static final int MAX_CACHED_NAMES = 1024;

  private final List<List<String>> denied;
  /** Deny decisions per attribute name (names repeat; values are never cached). */
  private final java.util.concurrent.ConcurrentHashMap<String, Boolean> decisions = new java.util.concurrent.ConcurrentHashMap<>();

  private Redactor(List<List<String>> denied) {
    this.denied = denied;
  }

  /**
   * Returns the redactor with {@link #DEFAULT_DENIED_NAMES}.
   *
   * @return the default redactor
   */
  public static Redactor defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a redactor with the default deny list.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a copy of an event with deny-listed attributes and secret-looking text replaced.
   *
   * @param event the event
   * @return the redacted event: same id, time, type and outcome
   */
  public AuditEvent redact(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    Map<String, Object> attributes = new TreeMap<>();
    for (Map.Entry<String, Object> e : event.attributes().entrySet()) {
      Object value = e.getValue();
      if (isDenied(e.getKey())) {
        value = REDACTED;
      } else if (value instanceof String) {
        value = mask((String) value);
      }
      attributes.put(e.getKey(), value);
    }
    return event.with(
        mask(event.rawActor()),
        mask(event.rawTarget()),
        mask(event.rawTenant()),
        mask(event.rawIp()),
        mask(event.rawUserAgent()),
        attributes);
  }

  /**
   * Tells whether an attribute name is on the deny list.
   *
   * @param name an attribute name
   * @return whether its value is always redacted
   */
  public boolean isDenied(String name) {
    Objects.requireNonNull(name, "name");
    Boolean cached = decisions.get(name);
    if (cached != null) {
      return cached;
    }
    List<String> words = splitWords(name);
    boolean deny = false;
    for (List<String> entry : denied) {
      if (containsRun(words, entry)) {
        deny = true;
        break;
      }
    }
    if (decisions.size() < MAX_CACHED_NAMES) {
      decisions.put(name, deny);
    }
    return deny;
  }

  /**
   * Masks secret-looking text in a value.
   *
   * @param value a text, or {@code null}
   * @return the text with each secret-looking part replaced by {@value #REDACTED}; {@code null}
   *     for {@code null}
   */
  public String mask(String value) {
    if (value == null || value.isEmpty() || PiiProtector.isProtected(value)) {
      return value; // a PiiProtector ciphertext: random-looking by design, and no secret
    }
    // One pass finds which rules could match at all, so that ordinary text (ids, addresses,
    // user agents) costs no regular expression.
    int run = 0;
    int longestRun = 0;
    boolean space = false;
    boolean pairChar = false;
    boolean elementChar = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '_' || c == '-') {
        longestRun = Math.max(longestRun, ++run);
      } else {
        run = 0;
        space |= Character.isWhitespace(c);
        pairChar |= c == '=' || c == ':';
        elementChar |= c == '<';
      }
    }
    String out = value;
    if (space && hasSchemeWord(out)) {
      out = CREDENTIAL_SCHEME.matcher(out).replaceAll("$1$2" + Matcher.quoteReplacement(REDACTED));
    }
    if (pairChar) {
      out = maskPairs(out);
    }
    if (elementChar) {
      out = maskElements(out);
    }
    if (out.contains("eyJ")) {
      out = JOSE.matcher(out).replaceAll(Matcher.quoteReplacement(REDACTED));
    }
    if (longestRun >= 50) {
      out = maskApiKeys(out);
    }
    if (longestRun >= 20) {
      Matcher runs = RUN.matcher(out);
      StringBuilder sb = new StringBuilder(out.length());
      while (runs.find()) {
        runs.appendReplacement(sb, Matcher.quoteReplacement(looksRandom(runs.group()) ? REDACTED : runs.group()));
      }
      runs.appendTail(sb);
      out = sb.toString();
    }
    return out;
  }

  /** Masks the value of each deny-listed {@code name=value} pair, keeping its quotes. */
  private String maskPairs(String text) {
    Matcher pairs = PAIR.matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    while (pairs.find()) {
      String replacement = pairs.group();
      if (isDenied(pairs.group(2))) {
        String head = pairs.group(1) + pairs.group(2) + pairs.group(1) + pairs.group(3);
        if (pairs.group(4) != null) {
          replacement = head + "\"" + REDACTED + "\"";
        } else if (pairs.group(5) != null) {
          replacement = head + "'" + REDACTED + "'";
        } else if (!pairs.group(7).equals(REDACTED)) {
          replacement = head + pairs.group(6) + REDACTED; // an unclosed quote stays
        }
      }
      pairs.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    pairs.appendTail(sb);
    return sb.toString();
  }

  /** Masks the text of each deny-listed XML element. */
  private String maskElements(String text) {
    Matcher elements = ELEMENT.matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    while (elements.find()) {
      String name = elements.group(1);
      String replacement = isDenied(name) ? "<" + name + ">" + REDACTED + "</" + name + ">" : elements.group();
      elements.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    elements.appendTail(sb);
    return sb.toString();
  }

  /**
   * Whether the text holds bearer, basic, digest or token in any case: the words {@link
   * #CREDENTIAL_SCHEME} starts with, found without a regular expression (this runs for every value
   * with a space, such as every user agent). The same as {@code SCHEME_WORD.matcher(text).find()}.
   */
  static boolean hasSchemeWord(String text) {
    int n = text.length();
    for (int i = 0; i + 5 <= n; i++) {
      char c = (char) (text.charAt(i) | 0x20);
      if ((c == 'b' || c == 'd' || c == 't')
          && (regionMatchesIgnoreCase(text, i, "bearer") || regionMatchesIgnoreCase(text, i, "basic")
              || regionMatchesIgnoreCase(text, i, "digest") || regionMatchesIgnoreCase(text, i, "token"))) {
        return true;
      }
    }
    return false;
  }

  /** ASCII-only case-insensitive match, as {@code (?i)} without {@code UNICODE_CASE} does. */
  private static boolean regionMatchesIgnoreCase(String text, int at, String lowerWord) {
    if (at + lowerWord.length() > text.length()) {
      return false;
    }
    for (int k = 0; k < lowerWord.length(); k++) {
      char c = text.charAt(at + k);
      char lower = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
      if (lower != lowerWord.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static String maskApiKeys(String text) {
    Matcher m = API_KEY_TAIL.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    while (m.find()) {
      int start = m.start();
      while (start > copied && isPrefixChar(text.charAt(start - 1))) {
        start--;
      }
      out.append(text, copied, start).append(REDACTED);
      copied = m.end();
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static boolean isPrefixChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }

  static boolean looksRandom(String run) {
    String body = run.replace("=", "");
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    boolean hex = true;
    boolean hexLetter = false;
    Set<Character> distinct = new java.util.HashSet<>();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      distinct.add(c);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
      boolean isHex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      hex &= isHex;
      hexLetter |= isHex && !(c >= '0' && c <= '9');
    }
    if (hex && body.length() >= 32 && hexLetter) {
      return true;
    }
    if (upper && lower && digit) {
      return true;
    }
    return body.length() >= 32 && upper && lower && distinct.size() >= 20;
  }

  private static boolean containsRun(List<String> words, List<String> entry) {
    String joined = String.join("", entry);
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).equals(joined)) {
        return true;
      }
      if (i + entry.size() <= words.size() && words.subList(i, i + entry.size()).equals(entry)) {
        return true;
      }
    }
    return false;
  }

  static List<String> splitWords(String name) {
    List<String> words = new ArrayList<>();
    for (String w : SPLIT.split(name)) {
      if (!w.isEmpty()) {
        words.add(w.toLowerCase(Locale.ROOT));
      }
    }
    return words;
  }

  private static List<List<String>> words(Iterable<String> names) {
    List<List<String>> out = new ArrayList<>();
    for (String n : names) {
      out.add(Collections.unmodifiableList(splitWords(n)));
    }
    return Collections.unmodifiableList(out);
  }

  /** Names the deny list size only. */
  @Override
  public String toString() {
    return "Redactor[" + denied.size() + " denied names]";
  }

  /**
   * Adds names to the deny list.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final Set<String> names = new LinkedHashSet<>(DEFAULT_DENIED_NAMES);

    private Builder() {}

    /**
     * Adds attribute names whose values are always redacted.
     *
     * @param names 1 to 64 characters of {@code [A-Za-z0-9_.-]} each, compared word by word
     * @return this builder
     * @throws IllegalArgumentException if a name is not of that form
     */
    public Builder deny(String... names) {
      for (String n : Arrays.asList(Objects.requireNonNull(names, "names"))) {
        if (n == null || !NAME.matcher(n).matches() || splitWords(n).isEmpty()) {
          throw new IllegalArgumentException(Errors.denyName());
        }
        this.names.add(n);
      }
      return this;
    }

    /**
     * Builds the redactor.
     *
     * @return an immutable redactor
     */
    public Redactor build() {
      return new Redactor(words(names));
    }
  }
}
