package io.hiroi.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Servlet-style path patterns mapped to a value: {@code /x} matches that path exactly, {@code
 * /x/*} matches {@code /x} and everything under it (not {@code /xy}), {@code /*} matches every
 * path. An exact pattern wins over a prefix, a longer prefix over a shorter one. Paths are the
 * container's decoded and normalized servlet path plus path info, never the raw request URI.
 *
 * @param <T> what a pattern maps to
 */
public final class PathRules<T> {
  private final Map<String, T> exact;
  private final List<String> prefixes;
  private final Map<String, T> prefixValues;

  private PathRules(Map<String, T> exact, Map<String, T> prefixValues) {
    this.exact = Map.copyOf(exact);
    this.prefixValues = Map.copyOf(prefixValues);
    List<String> sorted = new ArrayList<>(prefixValues.keySet());
    sorted.sort((a, b) -> Integer.compare(b.length(), a.length()));
    this.prefixes = List.copyOf(sorted);
  }

  /**
   * Builds the rules.
   *
   * @param patterns pattern to value, in the order given
   * @param setting the setting's name, for the message when a pattern is invalid
   * @param <T> the value type
   * @return the rules
   * @throws IllegalArgumentException when a pattern is invalid or given twice
   */
  public static <T> PathRules<T> of(Map<String, T> patterns, String setting) {
    Map<String, T> exact = new HashMap<>();
    Map<String, T> prefix = new HashMap<>();
    for (Map.Entry<String, T> e : patterns.entrySet()) {
      String p = Objects.requireNonNull(e.getKey(), setting);
      check(p, setting);
      if (p.endsWith("/*")) {
        prefix.put(p.substring(0, p.length() - 2), e.getValue());
      } else {
        exact.put(p, e.getValue());
      }
    }
    return new PathRules<>(exact, prefix);
  }

  /**
   * Checks one pattern.
   *
   * @param pattern the pattern
   * @param setting the setting's name
   * @return the pattern
   * @throws IllegalArgumentException when it is not {@code /...}, {@code /.../*} or {@code /*}
   */
  public static String check(String pattern, String setting) {
    boolean ok = pattern.startsWith("/") && pattern.length() <= 1024 && !pattern.startsWith("//");
    for (int i = 0; ok && i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      ok = c > 0x20 && c < 0x7f && c != '?' && c != '#' && c != '\\' && (c != '*' || i == pattern.length() - 1 && pattern.endsWith("/*"));
    }
    if (!ok) {
      throw Errors.invalid(setting, "a path pattern: /exact, /prefix/* or /*, printable ASCII without ? # \\");
    }
    return pattern;
  }

  /**
   * Returns the value of the best pattern matching a path.
   *
   * @param path the path, starting with {@code /}
   * @param otherwise the answer when nothing matches
   * @return the value
   */
  public T match(String path, T otherwise) {
    T hit = exact.get(path);
    if (hit != null) {
      return hit;
    }
    for (String p : prefixes) {
      if (path.startsWith(p) && (path.length() == p.length() || path.charAt(p.length()) == '/')) {
        return prefixValues.get(p);
      }
    }
    return otherwise;
  }

  /**
   * Tells whether no pattern is configured.
   *
   * @return {@code true} when empty
   */
  public boolean isEmpty() {
    return exact.isEmpty() && prefixes.isEmpty();
  }

  /**
   * The path a request is matched on: its servlet path and path info, as the container decoded
   * and normalized them.
   *
   * @param request the request
   * @return the path, {@code /} at least
   */
  public static String pathOf(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String info = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
    return path.isEmpty() ? "/" : path;
  }

  @Override
  public String toString() {
    return "PathRules{exact=" + exact.keySet() + ", prefixes=" + prefixes + "}";
  }
}
