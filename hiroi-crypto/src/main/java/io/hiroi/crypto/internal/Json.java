package io.hiroi.crypto.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader and string writer for the small documents hiroi-crypto handles itself
 * (key ring files, JWS headers and claims). It accepts RFC 8259 JSON with these restrictions, each
 * of which makes a forged or ambiguous document fail rather than be read two ways:
 *
 * <ul>
 *   <li>duplicate member names are rejected (RFC 7515 section 5.2 lets a JWS parser reject them);
 *   <li>numbers must be integers that fit in a {@code long}: no fraction, exponent, leading zero,
 *       plus sign or negative zero;
 *   <li>{@code \\u} escapes take ASCII hex digits only;
 *   <li>nesting is limited to {@link #MAX_DEPTH} levels;
 *   <li>unpaired UTF-16 surrogates are rejected, in escapes as in raw text.
 * </ul>
 *
 * <p>Objects become unmodifiable {@code Map<String, Object>} in document order, arrays unmodifiable
 * {@code List<Object>}, strings {@code String}, numbers {@code Long}, {@code true}/{@code false}
 * {@code Boolean} and {@code null} the {@link #NULL} marker. Errors are {@link
 * MalformedJsonException}s whose message gives the offset only, never the text.
 *
 * <p>Stateless and thread-safe.
 */
public final class Json {
  /** The deepest nesting of objects and arrays accepted. */
  public static final int MAX_DEPTH = 16;

  /** Stands for JSON {@code null} in parsed documents. */
  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = java.util.Objects.requireNonNull(text, "text");
  }

  /** Thrown for any document this reader refuses; the message names an offset, never content. */
  public static final class MalformedJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message, int offset) {
      super(message + " at offset " + offset);
    }
  }

  /**
   * Parses a whole document.
   *
   * @param text the JSON text
   * @return the parsed value
   * @throws MalformedJsonException if the text is not acceptable JSON
   */
  public static Object parse(String text) throws MalformedJsonException {
    Json reader = new Json(text);
    reader.skipWhitespace();
    Object value = reader.readValue(0);
    reader.skipWhitespace();
    if (reader.pos != text.length()) {
      throw reader.error("trailing content");
    }
    return value;
  }

  /**
   * Parses a document that must be an object.
   *
   * @param text the JSON text
   * @return the members in document order
   * @throws MalformedJsonException if the text is not an acceptable JSON object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) throws MalformedJsonException {
    Object value = parse(text);
    if (!(value instanceof Map)) {
      throw new MalformedJsonException("expected an object", 0);
    }
    return (Map<String, Object>) value;
  }

  /**
   * Appends {@code value} to {@code out} as a JSON string literal, quotes included. Only {@code "},
   * {@code \} and control characters are escaped; other characters are written as they are (the
   * caller encodes the result as UTF-8).
   *
   * @param out where to write
   * @param value the string to quote
   * @return {@code out}
   */
  public static StringBuilder quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
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
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"');
  }

  private Object readValue(int depth) throws MalformedJsonException {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return readObject(depth + 1);
      case '[':
        return readArray(depth + 1);
      case '"':
        return readString();
      case 't':
        expectLiteral("true");
        return Boolean.TRUE;
      case 'f':
        expectLiteral("false");
        return Boolean.FALSE;
      case 'n':
        expectLiteral("null");
        return NULL;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return readNumber();
        }
        throw error("unexpected character");
    }
  }

  private Map<String, Object> readObject(int depth) throws MalformedJsonException {
    checkDepth(depth);
    pos++; // '{'
    Map<String, Object> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return Collections.unmodifiableMap(members);
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      int nameOffset = pos;
      String name = readString();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object value = readValue(depth);
      if (members.putIfAbsent(name, value) != null) {
        throw new MalformedJsonException("duplicate member name", nameOffset);
      }
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == '}') {
        return Collections.unmodifiableMap(members);
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> readArray(int depth) throws MalformedJsonException {
    checkDepth(depth);
    pos++; // '['
    List<Object> items = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return Collections.unmodifiableList(items);
    }
    while (true) {
      skipWhitespace();
      items.add(readValue(depth));
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ']') {
        return Collections.unmodifiableList(items);
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String readString() throws MalformedJsonException {
    pos++; // opening quote
    int start = pos;
    // Fast path: no escapes.
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"') {
        String s = text.substring(start, pos);
        pos++;
        checkSurrogates(s, start);
        return s;
      }
      if (c == '\\' || c < 0x20) {
        break;
      }
      pos++;
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length() - start, 64) + (pos - start));
    sb.append(text, start, pos);
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        String s = sb.toString();
        checkSurrogates(s, start);
        return s;
      }
      if (c < 0x20) {
        throw new MalformedJsonException("control character in string", pos - 1);
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"':
          sb.append('"');
          break;
        case '\\':
          sb.append('\\');
          break;
        case '/':
          sb.append('/');
          break;
        case 'b':
          sb.append('\b');
          break;
        case 'f':
          sb.append('\f');
          break;
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'u':
          sb.append(readHex4());
          break;
        default:
          throw new MalformedJsonException("invalid escape", pos - 1);
      }
    }
  }

  private char readHex4() throws MalformedJsonException {
    if (pos + 4 > text.length()) {
      throw error("truncated unicode escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      char c = text.charAt(pos + i);
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) {
        throw error("invalid unicode escape");
      }
      v = (v << 4) | d;
    }
    pos += 4;
    return (char) v;
  }

  private static void checkSurrogates(String s, int offset) throws MalformedJsonException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new MalformedJsonException("unpaired surrogate in string", offset);
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new MalformedJsonException("unpaired surrogate in string", offset);
      }
    }
  }

  private Long readNumber() throws MalformedJsonException {
    int start = pos;
    boolean negative = false;
    if (text.charAt(pos) == '-') {
      negative = true;
      pos++;
    }
    int digitsStart = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    int digits = pos - digitsStart;
    if (digits == 0) {
      throw error("expected digits");
    }
    if (digits > 1 && text.charAt(digitsStart) == '0') {
      throw new MalformedJsonException("leading zero in number", start);
    }
    if (negative && digits == 1 && text.charAt(digitsStart) == '0') {
      throw new MalformedJsonException("negative zero", start);
    }
    if (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '.' || c == 'e' || c == 'E') {
        throw error("only integer numbers are accepted");
      }
    }
    if (digits > 19) {
      throw new MalformedJsonException("number out of range", start);
    }
    try {
      return Long.parseLong(text.substring(start, pos)); // the sign included, so Long.MIN_VALUE fits
    } catch (NumberFormatException e) {
      throw new MalformedJsonException("number out of range", start);
    }
  }

  private void expectLiteral(String literal) throws MalformedJsonException {
    if (!text.startsWith(literal, pos)) {
      throw error("invalid literal");
    }
    pos += literal.length();
  }

  private void expect(char c) throws MalformedJsonException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() throws MalformedJsonException {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(pos);
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private void checkDepth(int depth) throws MalformedJsonException {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
  }

  private MalformedJsonException error(String message) {
    return new MalformedJsonException(message, pos);
  }
}
