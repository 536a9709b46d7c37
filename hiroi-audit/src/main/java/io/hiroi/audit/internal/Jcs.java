package io.hiroi.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the restricted value set of audit records: strings,
 * integers of at most 53 bits of magnitude (which ECMAScript prints exactly as integers), booleans,
 * null, objects and arrays. No floats, so the number serialization of RFC 8785 section 3.2.2.3
 * reduces to the decimal digits of the integer.
 *
 * <p>Object members are sorted by their names as arrays of UTF-16 code units (RFC 8785 section
 * 3.2.3), which is what {@link String#compareTo} does. Strings are escaped as ECMAScript's {@code
 * JSON.stringify} does (section 3.2.2.2): {@code \"}, {@code \\}, {@code \b \f \n \r \t}, other
 * control characters as {@code \\u00xx} in lower-case hex, everything else literally. Lone
 * surrogates cannot be written as UTF-8 and are refused.
 *
 * <p>Values are {@code String}, {@code Long}, {@code Integer}, {@code Boolean}, {@code null} (or
 * {@link #NULL}), {@code Map<String, ?>} and {@code List<?>}. Stateless and thread-safe.
 */
public final class Jcs {
  /** The largest integer magnitude written: 2^53 - 1, the largest exact ECMAScript integer. */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  /** Stands for JSON null where a map cannot hold {@code null}. */
  public static final Object NULL = io.hiroi.crypto.internal.Json.NULL;

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int MAX_DEPTH = 16;

  private Jcs() {}

  /**
   * Writes the canonical form of a value.
   *
   * @param value the value
   * @return its canonical JSON text (encode it as UTF-8)
   * @throws IllegalArgumentException if the value holds a type outside the set, an integer out of
   *     range, a lone surrogate, or nests too deeply
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, 0);
    return out.toString();
  }

  /**
   * Appends the canonical form of a value.
   *
   * @param out where to write
   * @param value the value
   * @return {@code out}
   */
  public static StringBuilder write(StringBuilder out, Object value) {
    write(out, value, 0);
    return out;
  }

  private static void write(StringBuilder out, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("canonical JSON: nesting deeper than " + MAX_DEPTH);
    }
    if (value == null || value == NULL) {
      out.append("null");
    } else if (value instanceof String) {
      string(out, (String) value);
    } else if (value instanceof Long || value instanceof Integer) {
      integer(out, ((Number) value).longValue());
    } else if (value instanceof Boolean) {
      out.append(((Boolean) value) ? "true" : "false");
    } else if (value instanceof Map) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(((Map<?, ?>) value).entrySet());
      for (Map.Entry<?, ?> e : entries) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException("canonical JSON: object member names must be strings");
        }
      }
      entries.sort((a, b) -> ((String) a.getKey()).compareTo((String) b.getKey()));
      out.append('{');
      String previous = null;
      for (Map.Entry<?, ?> e : entries) {
        String name = (String) e.getKey();
        if (name.equals(previous)) {
          throw new IllegalArgumentException("canonical JSON: duplicate member name");
        }
        if (previous != null) {
          out.append(',');
        }
        string(out, name);
        out.append(':');
        write(out, e.getValue(), depth + 1);
        previous = name;
      }
      out.append('}');
    } else if (value instanceof List) {
      out.append('[');
      boolean first = true;
      for (Object element : (List<?>) value) {
        if (!first) {
          out.append(',');
        }
        write(out, element, depth + 1);
        first = false;
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException(
          "canonical JSON: unsupported value type " + value.getClass().getSimpleName());
    }
  }

  /**
   * Appends an integer as RFC 8785 writes it.
   *
   * @param out where to write
   * @param value at most {@link #MAX_SAFE_INTEGER} in magnitude
   * @return {@code out}
   * @throws IllegalArgumentException if the value is out of range
   */
  public static StringBuilder integer(StringBuilder out, long value) {
    if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("canonical JSON: integer beyond 2^53 - 1 in magnitude");
    }
    return out.append(value);
  }

  /**
   * Appends a string literal as RFC 8785 writes it.
   *
   * @param out where to write
   * @param value the string
   * @return {@code out}
   * @throws IllegalArgumentException if the string holds a lone surrogate
   */
  public static StringBuilder string(StringBuilder out, String value) {
    out.append('"');
    int n = value.length();
    int plain = 0;
    while (plain < n) {
      char c = value.charAt(plain);
      if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        break;
      }
      plain++;
    }
    if (plain == n) {
      return out.append(value).append('"'); // nothing to escape: one bulk copy (the usual case)
    }
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
        out.append(c);
        continue;
      }
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            throw new IllegalArgumentException("canonical JSON: lone UTF-16 surrogate in a string");
          } else {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          }
      }
    }
    return out.append('"');
  }
}
