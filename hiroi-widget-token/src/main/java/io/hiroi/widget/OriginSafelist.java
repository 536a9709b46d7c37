package io.hiroi.widget;

import io.hiroi.widget.OriginCheck.Denial;
import io.hiroi.widget.internal.Errors;
import io.hiroi.widget.internal.IdnCache;
import io.hiroi.widget.internal.OriginParser;
import io.hiroi.widget.internal.OriginScan;
import io.hiroi.widget.internal.ParsedOrigin;
import java.net.IDN;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The origins a widget may be embedded on: a request's {@code Origin} header is allowed only when,
 * after normalization, it equals an entry exactly, or is a subdomain of an explicitly configured
 * wildcard entry. There is no suffix, prefix or substring matching: {@code a.com.evil.net}, {@code
 * evil-a.com} and {@code a.com@evil.net} never match {@code https://a.com}.
 *
 * <p>Normalization: scheme and host lower-cased, the default port dropped ({@code
 * https://a.com:443} is {@code https://a.com}), internationalized host names compared in their
 * ASCII (Punycode) form, IPv6 literals in RFC 5952 form. Denied before any comparison: a missing
 * header, {@code null} (an opaque origin), userinfo, a path, query or fragment, whitespace or
 * control characters, percent-encoding, a host with a trailing dot ({@code https://a.com.} is a
 * different origin to a browser, so it is refused rather than folded into {@code a.com}), a port
 * of 0 or above 65535, a value over 512 characters, and any scheme but {@code https} ({@code
 * http} only with {@link Builder#insecureAllowHttp()}, for example for {@code http://localhost:3000}
 * in development). The parser follows the RFC 6454 serialization strictly and does not use {@link
 * java.net.URI}.
 *
 * <p>A wildcard entry {@code https://*.a.com} matches exactly one more label ({@code
 * https://x.a.com}), never {@code https://a.com} itself (add it as its own entry) and never {@code
 * https://y.x.a.com} unless added with {@link Builder#allowSubdomainsAtAnyDepth(String)}. Its
 * domain must have at least two labels ({@code *.com} is refused); hiroi does not know the public
 * suffix list, so do not write {@code *.co.uk}. A wildcard never matches an IP address.
 *
 * <p>Immutable and thread-safe; build one per widget (or per set of widgets sharing a safelist) at
 * configuration time and share it. A check takes no lock. For a value of the plain form browsers
 * send ({@code scheme://host[:port]} in ASCII, any case) it allocates nothing but an allowed answer
 * that is not an entry's own (a wildcard match): one pass over the value checks it and hashes its
 * lower-cased normal form, and one table lookup finds the entry. The Unicode spelling of a listed
 * internationalized name is found with one hash lookup too (its conversion is done once, at build
 * time); any other value goes through the full parser.
 *
 * <pre>{@code
 * OriginSafelist safelist = OriginSafelist.builder().allow("https://shop.example.com").build();
 * OriginCheck check = safelist.check(request.getHeader("Origin"));
 * if (!check.isAllowed()) { log.info("origin denied: {}", check.denial().get()); return forbidden(); }
 * }</pre>
 */
public final class OriginSafelist {
  /** The most entries a safelist holds. */
  public static final int MAX_ENTRIES = 10_000;

  private final Map<String, OriginCheck> exact;
  private final ExactTable scannable;
  private final Map<String, OriginCheck> slowForms;
  private final IdnCache idn = new IdnCache();
  private final Wildcard[] wildcards;
  private final boolean allowHttp;
  private final List<String> entries;

  private OriginSafelist(Builder b) {
    this.exact = Map.copyOf(b.exact);
    this.scannable = new ExactTable(b.exact);
    this.wildcards = b.wildcards.toArray(new Wildcard[0]);
    this.allowHttp = b.allowHttp;
    this.entries = List.copyOf(b.entries);
    List<String> candidates = new ArrayList<>(b.unicodeCandidates);
    candidates.addAll(b.exact.keySet());
    this.slowForms = slowForms(candidates);
  }

  /**
   * The answers for the spellings of entries that {@link OriginScan} leaves to the parser: the
   * normal form of an IPv6 entry, the Unicode form of an A-label entry, an entry as written in
   * Unicode. Each is computed by {@link #checkParsed} itself and kept only when allowed, so a value
   * equal to one of these strings gets exactly the answer the parser would give; the map is fixed
   * at build time (at most three strings per entry), so no request adds to it.
   */
  private Map<String, OriginCheck> slowForms(List<String> candidates) {
    Map<String, OriginCheck> forms = new HashMap<>();
    for (String candidate : candidates) {
      if (candidate.length() <= OriginParser.MAX_LENGTH && OriginScan.scan(candidate) == OriginScan.SLOW) {
        OriginCheck answer = checkParsed(candidate, null);
        if (answer.isAllowed()) {
          forms.put(candidate, answer);
        }
      }
    }
    return Map.copyOf(forms);
  }

  /**
   * Starts an empty safelist.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks an {@code Origin} header value. Never throws for any value.
   *
   * @param originHeader the header value as received, or null when the request has none
   * @return allowed with the normalized origin, or denied with the reason
   */
  public OriginCheck check(String originHeader) {
    if (originHeader == null || originHeader.length() > OriginParser.MAX_LENGTH) {
      return checkParsed(originHeader, idn);
    }
    long scan = OriginScan.scan(originHeader);
    if (scan == OriginScan.SLOW) {
      OriginCheck known = slowForms.get(originHeader);
      return known != null ? known : checkParsed(originHeader, idn);
    }
    // The value is an origin of the plain ASCII form, valid but for its A-labels' Punycode; its
    // normal form is its lower-cased first canonicalEnd characters, looked up without building it.
    OriginCheck hit = scannable.get(originHeader, scan);
    if (hit != null) {
      // An entry's normal form: every entry passed the parser at build time (so its A-labels
      // decode), and an http entry exists only if http is allowed.
      return hit;
    }
    // Checks the parser makes before it answers anything else, in the parser's order.
    if (OriginScan.hasALabel(scan) && !OriginScan.aLabelsValid(originHeader, scan)) {
      return OriginCheck.denied(Denial.INVALID_HOST);
    }
    boolean https = OriginScan.isHttps(scan);
    if (!https && !allowHttp) {
      return OriginCheck.denied(Denial.SCHEME_NOT_ALLOWED);
    }
    if (!OriginScan.isIpv4(scan)) {
      int hostStart = OriginScan.hostStart(scan);
      int hostEnd = OriginScan.hostEnd(scan);
      int port = OriginScan.port(originHeader, scan);
      boolean lowerCase = !OriginScan.needsLowerCase(scan);
      for (Wildcard w : wildcards) {
        if (w.matches(https, originHeader, hostStart, hostEnd, port, lowerCase)) {
          return OriginCheck.allowed(OriginScan.serialized(originHeader, scan));
        }
      }
    }
    return OriginCheck.denied(Denial.NOT_ALLOWED);
  }

  /**
   * The check through the full parser, without the fast path or the Unicode forms: what {@link
   * #check(String)} answers for every value (tests hold the two to that, with and without the IDN
   * cache).
   */
  OriginCheck checkParsed(String originHeader, IdnCache idnCache) {
    Object parsed = OriginParser.parse(originHeader, idnCache);
    if (parsed instanceof Denial) {
      return OriginCheck.denied((Denial) parsed);
    }
    ParsedOrigin origin = (ParsedOrigin) parsed;
    if (origin.scheme.equals("http") && !allowHttp) {
      return OriginCheck.denied(Denial.SCHEME_NOT_ALLOWED);
    }
    OriginCheck hit = exact.get(origin.serialized);
    if (hit != null) {
      return hit;
    }
    if (!origin.ipLiteral) {
      boolean https = origin.scheme.equals("https");
      for (Wildcard w : wildcards) {
        if (w.matches(https, origin.host, 0, origin.host.length(), origin.port, true)) {
          return OriginCheck.allowed(origin.serialized);
        }
      }
    }
    return OriginCheck.denied(Denial.NOT_ALLOWED);
  }

  /**
   * Returns the entries in normal form, wildcards included, in the order they were added.
   *
   * @return an unmodifiable list
   */
  public List<String> entries() {
    return entries;
  }

  /** Lists the entries (origins are not secret). */
  @Override
  public String toString() {
    return "OriginSafelist" + entries + (allowHttp ? " (http allowed)" : "");
  }

  /** A {@code scheme://*.domain[:port]} entry. */
  private static final class Wildcard {
    final boolean https;
    final String dotSuffix;
    final int port;
    final boolean anyDepth;

    Wildcard(String scheme, String domain, int port, boolean anyDepth) {
      this.https = scheme.equals("https");
      this.dotSuffix = "." + domain;
      this.port = port;
      this.anyDepth = anyDepth;
    }

    /**
     * Whether the host in {@code text[from, to)} (as the parser built it, or as {@link
     * OriginScan} accepted it, in any case unless {@code lowerCase}) with this scheme and port is
     * one label (or, any depth, one or more) under the domain.
     */
    boolean matches(boolean https, String text, int from, int to, int port, boolean lowerCase) {
      int suffix = dotSuffix.length();
      if (port != this.port || https != this.https || to - from <= suffix
          || !OriginScan.hostEndsWith(text, to, dotSuffix, lowerCase)) {
        return false;
      }
      if (!anyDepth) {
        for (int i = from; i < to - suffix; i++) {
          if (text.charAt(i) == '.') {
            return false; // more than one label in front of the domain
          }
        }
      }
      return true;
    }
  }

  /**
   * The exact entries whose normal form {@link OriginScan} decides (all but IPv6 literals), by the
   * hash of that form: an open-addressing table probed with a scanned value's hash and compared
   * with the value's lower-cased prefix, without building that string. Immutable once built.
   */
  private static final class ExactTable {
    private final String[] keys;
    private final int[] hashes;
    private final OriginCheck[] values;
    private final int mask;

    ExactTable(Map<String, OriginCheck> entries) {
      int size = Integer.highestOneBit(Math.max(2, entries.size()) * 2 - 1) << 1;
      keys = new String[size];
      hashes = new int[size];
      values = new OriginCheck[size];
      mask = size - 1;
      for (Map.Entry<String, OriginCheck> e : entries.entrySet()) {
        String key = e.getKey();
        long scan = OriginScan.scan(key);
        if (scan == OriginScan.SLOW) {
          continue; // found through slowForms
        }
        if (OriginScan.hash(scan) != key.hashCode() || !OriginScan.isNormal(scan)) {
          throw new AssertionError("the scan of an entry's normal form is not that form");
        }
        int i = slot(key.hashCode());
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = key;
        hashes[i] = key.hashCode();
        values[i] = e.getValue();
      }
    }

    private int slot(int hash) {
      return (hash ^ (hash >>> 16)) & mask;
    }

    /** The entry equal to the normal form of the scanned value {@code text}, or null. */
    OriginCheck get(String text, long scan) {
      int hash = OriginScan.hash(scan);
      for (int i = slot(hash); keys[i] != null; i = (i + 1) & mask) {
        if (hashes[i] == hash && OriginScan.normalFormEquals(keys[i], text, scan)) {
          return values[i];
        }
      }
      return null;
    }
  }

  /**
   * Collects safelist entries; each is checked when added.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final Map<String, OriginCheck> exact = new HashMap<>();
    private final List<Wildcard> wildcards = new ArrayList<>();
    private final List<String> entries = new ArrayList<>();
    private final List<String> httpEntries = new ArrayList<>();
    private final List<String> unicodeCandidates = new ArrayList<>();
    private boolean allowHttp;
    private int index;

    private Builder() {}

    /**
     * Adds an allowed origin, {@code https://host[:port]}, or a wildcard {@code https://*.domain[:port]}
     * that matches exactly one more label. Written as a browser would send it or not: it is
     * normalized ({@code HTTPS://Shop.Example.COM:443} is {@code https://shop.example.com}; a
     * Unicode host name is stored as its A-label).
     *
     * @param origin the origin or wildcard
     * @return this builder
     * @throws IllegalArgumentException if it is not an origin (the message names the entry's index
     *     and the reason, not the text), or a wildcard that is not of the allowed form
     * @throws IllegalStateException if the safelist would hold more than {@value #MAX_ENTRIES} entries
     * @throws NullPointerException if {@code origin} is null
     */
    public Builder allow(String origin) {
      return add(origin, false);
    }

    /**
     * Adds a wildcard {@code https://*.domain[:port]} that matches one <em>or more</em> labels in
     * front of the domain ({@code x.a.com} and {@code y.x.a.com}), but still not the domain itself.
     *
     * @param wildcard the wildcard entry
     * @return this builder
     * @throws IllegalArgumentException if it is not a wildcard of that form
     * @throws IllegalStateException if the safelist would hold more than {@value #MAX_ENTRIES} entries
     * @throws NullPointerException if {@code wildcard} is null
     */
    public Builder allowSubdomainsAtAnyDepth(String wildcard) {
      Objects.requireNonNull(wildcard, "wildcard");
      if (!isWildcard(wildcard)) {
        throw new IllegalArgumentException(Errors.safelistWildcardInvalid(index));
      }
      return add(wildcard, true);
    }

    /**
     * Accepts {@code http} origins, both as entries and in requests. A page served over http can
     * be changed by anyone on the network path, so use this for local development ({@code
     * http://localhost:3000}) only.
     *
     * @return this builder
     * @throws IllegalStateException if already called
     */
    public Builder insecureAllowHttp() {
      if (allowHttp) {
        throw new IllegalStateException(Errors.settingTwice("insecureAllowHttp"));
      }
      allowHttp = true;
      return this;
    }

    /**
     * Builds the safelist.
     *
     * @return an immutable, thread-safe safelist
     * @throws IllegalArgumentException if no entry was added, or an http entry was added without
     *     {@link #insecureAllowHttp()}
     */
    public OriginSafelist build() {
      if (entries.isEmpty()) {
        throw new IllegalArgumentException(Errors.safelistEmpty());
      }
      if (!allowHttp && !httpEntries.isEmpty()) {
        throw new IllegalArgumentException(Errors.safelistHttpNotAllowed(entries.indexOf(httpEntries.get(0))));
      }
      return new OriginSafelist(this);
    }

    private Builder add(String origin, boolean anyDepth) {
      Objects.requireNonNull(origin, "origin");
      if (entries.size() >= MAX_ENTRIES) {
        throw new IllegalStateException(Errors.safelistTooLarge(MAX_ENTRIES));
      }
      int i = index;
      if (isWildcard(origin)) {
        int star = origin.indexOf("://*.") + 3;
        Object parsed = OriginParser.parse(origin.substring(0, star) + origin.substring(star + 2));
        if (!(parsed instanceof ParsedOrigin)) {
          throw new IllegalArgumentException(Errors.safelistWildcardInvalid(i));
        }
        ParsedOrigin domain = (ParsedOrigin) parsed;
        if (domain.ipLiteral || domain.host.indexOf('.') < 0) {
          throw new IllegalArgumentException(Errors.safelistWildcardInvalid(i));
        }
        wildcards.add(new Wildcard(domain.scheme, domain.host, domain.port, anyDepth));
        String shown = domain.scheme + "://" + (anyDepth ? "**." : "*.") + domain.host
            + (domain.port == -1 ? "" : ":" + domain.port);
        record(shown, domain.scheme);
      } else {
        Object parsed = OriginParser.parse(origin);
        if (!(parsed instanceof ParsedOrigin)) {
          throw new IllegalArgumentException(Errors.safelistEntryInvalid(i, parsed.toString()));
        }
        ParsedOrigin o = (ParsedOrigin) parsed;
        exact.put(o.serialized, OriginCheck.allowed(o.serialized));
        record(o.serialized, o.scheme);
        unicodeCandidates.add(origin);
        if (!o.ipLiteral && o.host.contains("xn--")) {
          unicodeCandidates.add(o.scheme + "://" + IDN.toUnicode(o.host, IDN.USE_STD3_ASCII_RULES)
              + (o.port == -1 ? "" : ":" + o.port));
        }
      }
      index++;
      return this;
    }

    private void record(String entry, String scheme) {
      entries.add(entry);
      if (scheme.equals("http")) {
        httpEntries.add(entry);
      }
    }

    private static boolean isWildcard(String origin) {
      int sep = origin.indexOf("://");
      return sep > 0 && origin.startsWith("*.", sep + 3);
    }

    @Override
    public String toString() {
      return "OriginSafelist.Builder" + entries;
    }
  }
}
