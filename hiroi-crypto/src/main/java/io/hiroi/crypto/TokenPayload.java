package io.hiroi.crypto;

import io.hiroi.crypto.internal.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of a token payload whose signature has already been checked, read before the time and
 * audience checks. Registered claims of the wrong type make the payload {@link #MALFORMED}; custom
 * claims whose values are not strings or integers are dropped.
 *
 * <p>Reading has two paths with one meaning. Most payloads (every one hiroi signs) are a flat
 * object of ASCII strings without escapes and integers, with no whitespace; {@link #readFlat}
 * reads those straight from the bytes. It never rejects: on anything else (an escape, non-ASCII,
 * whitespace, a nested value, {@code true}, a duplicate name, a registered claim of the wrong type)
 * it gives up, and {@link #read} parses the payload with the strict {@link Json} reader instead, so
 * every verdict is the general reader's. A test and a fuzz target check that the two paths agree.
 *
 * <p>Not thread-safe; one instance per verification.
 */
final class TokenPayload {
  /** Returned by {@link #read} for a payload that is not acceptable JSON or has mistyped claims. */
  static final TokenPayload MALFORMED = new TokenPayload();

  /** Integers of up to 18 digits cannot overflow a long; longer ones go to the general reader. */
  private static final int MAX_FAST_DIGITS = 18;

  String issuer;
  String subject;
  List<String> audiences;
  /** NumericDates in seconds, or {@link TokenClaims#ABSENT}. */
  long issuedAt = TokenClaims.ABSENT;

  long notBefore = TokenClaims.ABSENT;
  long expiresAt = TokenClaims.ABSENT;
  String jwtId;
  /**
   * Custom claims in token order: empty, then an immutable one-entry map, then a {@link
   * LinkedHashMap} from the second claim on (most tokens carry zero or one).
   */
  Map<String, Object> custom = Collections.emptyMap();

  private TokenPayload() {}

  /**
   * Reads a decoded payload.
   *
   * @return the claims, or {@link #MALFORMED}
   */
  static TokenPayload read(byte[] payload) {
    TokenPayload flat = readFlat(payload);
    if (flat != null) {
      return flat;
    }
    String text = utf8(payload);
    if (text == null) {
      return MALFORMED;
    }
    try {
      return fromJson(Json.parseObject(text));
    } catch (Json.MalformedJsonException e) {
      return MALFORMED;
    }
  }

  /** Strict UTF-8 (malformed sequences rejected, not replaced); null if invalid. */
  static String utf8(byte[] bytes) {
    boolean ascii = true;
    for (byte b : bytes) {
      if (b < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Maps a parsed JSON object; {@link #MALFORMED} if a registered claim has the wrong type. */
  static TokenPayload fromJson(Map<String, Object> json) {
    TokenPayload c = new TokenPayload();
    for (Map.Entry<String, Object> e : json.entrySet()) {
      Object v = e.getValue();
      String name = e.getKey();
      if (TokenClaims.REGISTERED.contains(name)) {
        if (!c.setRegistered(name, v)) {
          return MALFORMED;
        }
      } else if (v instanceof String || v instanceof Long) {
        c.putCustom(name, v);
      }
    }
    return c;
  }

  /**
   * Reads a flat payload straight from its bytes.
   *
   * @return the claims, or null when the payload is not of the simple form (never a verdict)
   */
  static TokenPayload readFlat(byte[] p) {
    int n = p.length;
    if (n < 2 || p[0] != '{' || p[n - 1] != '}') {
      return null;
    }
    TokenPayload c = new TokenPayload();
    int pos = 1;
    if (n == 2) {
      return c;
    }
    while (true) {
      // Member name: an ASCII string without escapes.
      if (p[pos] != '"') {
        return null;
      }
      int nameStart = pos + 1;
      int nameEnd = stringEnd(p, nameStart);
      if (nameEnd < 0 || nameEnd + 1 >= n || p[nameEnd + 1] != ':') {
        return null;
      }
      pos = nameEnd + 2;
      if (pos >= n) {
        return null;
      }
      // Value: such a string or a canonical integer of at most 18 digits, kept unboxed.
      String text = null;
      long number = 0;
      byte b = p[pos];
      if (b == '"') {
        int valueEnd = stringEnd(p, pos + 1);
        if (valueEnd < 0) {
          return null;
        }
        text = new String(p, pos + 1, valueEnd - pos - 1, StandardCharsets.ISO_8859_1);
        pos = valueEnd + 1;
      } else if (b == '-' || (b >= '0' && b <= '9')) {
        boolean negative = b == '-';
        int digitsStart = negative ? pos + 1 : pos;
        int i = digitsStart;
        while (i < n && p[i] >= '0' && p[i] <= '9') {
          number = number * 10 + (p[i] - '0');
          i++;
        }
        int digits = i - digitsStart;
        if (digits == 0 || digits > MAX_FAST_DIGITS || (digits > 1 && p[digitsStart] == '0')
            || (negative && digits == 1 && p[digitsStart] == '0')) {
          return null; // not the simple form: the strict reader decides (and refuses -0)
        }
        number = negative ? -number : number;
        pos = i;
      } else {
        return null;
      }
      if (pos >= n) {
        return null;
      }
      int id = registeredId(p, nameStart, nameEnd);
      if (id >= 0) {
        if (!c.setFlat(id, text, number)) {
          return null;
        }
      } else {
        String custom = new String(p, nameStart, nameEnd - nameStart, StandardCharsets.ISO_8859_1);
        if (c.custom.containsKey(custom)) {
          return null;
        }
        c.putCustom(custom, text != null ? text : (Object) number);
      }
      if (p[pos] == '}') {
        return pos == n - 1 ? c : null;
      }
      if (p[pos] != ',') {
        return null;
      }
      pos++;
      if (pos >= n) {
        return null;
      }
    }
  }

  /** The index of the closing quote of a string of printable ASCII without escapes; else -1. */
  private static int stringEnd(byte[] p, int from) {
    for (int i = from; i < p.length; i++) {
      byte b = p[i];
      if (b == '"') {
        return i;
      }
      if (b < 0x20 || b > 0x7e || b == '\\') {
        return -1;
      }
    }
    return -1;
  }

  /** The index of the registered name spelled by {@code p[from, to)} ({@code iss, sub, aud, exp, nbf, iat, jti}), or -1. */
  private static int registeredId(byte[] p, int from, int to) {
    if (to - from != 3) {
      return -1;
    }
    // The names are ASCII, so a negative byte (sign-extended) can never match a case.
    switch (p[from] << 16 | p[from + 1] << 8 | p[from + 2]) {
      case 'i' << 16 | 's' << 8 | 's':
        return 0;
      case 's' << 16 | 'u' << 8 | 'b':
        return 1;
      case 'a' << 16 | 'u' << 8 | 'd':
        return 2;
      case 'e' << 16 | 'x' << 8 | 'p':
        return 3;
      case 'n' << 16 | 'b' << 8 | 'f':
        return 4;
      case 'i' << 16 | 'a' << 8 | 't':
        return 5;
      case 'j' << 16 | 't' << 8 | 'i':
        return 6;
      default:
        return -1;
    }
  }

  /**
   * Sets a registered claim read by {@link #readFlat}: {@code text} for a string value, else
   * {@code number}. False (give up) if the claim is already set or the value does not fit it.
   */
  private boolean setFlat(int id, String text, long number) {
    switch (id) {
      case 0:
        if (issuer != null || text == null) {
          return false;
        }
        issuer = text;
        return true;
      case 1:
        if (subject != null || text == null) {
          return false;
        }
        subject = text;
        return true;
      case 2:
        if (audiences != null || text == null) {
          return false;
        }
        audiences = List.of(text);
        return true;
      case 3:
        if (expiresAt != TokenClaims.ABSENT || !isNumericDate(text, number)) {
          return false;
        }
        expiresAt = number;
        return true;
      case 4:
        if (notBefore != TokenClaims.ABSENT || !isNumericDate(text, number)) {
          return false;
        }
        notBefore = number;
        return true;
      case 5:
        if (issuedAt != TokenClaims.ABSENT || !isNumericDate(text, number)) {
          return false;
        }
        issuedAt = number;
        return true;
      default:
        if (jwtId != null || text == null) {
          return false;
        }
        jwtId = text;
        return true;
    }
  }

  private static boolean isNumericDate(String text, long number) {
    return text == null && number >= 0 && number <= TokenClaims.MAX_NUMERIC_DATE;
  }

  /** Sets a registered claim; false if the value has the wrong type or range. */
  private boolean setRegistered(String name, Object v) {
    switch (name) {
      case "iss":
        issuer = v instanceof String ? (String) v : null;
        return issuer != null;
      case "sub":
        subject = v instanceof String ? (String) v : null;
        return subject != null;
      case "jti":
        jwtId = v instanceof String ? (String) v : null;
        return jwtId != null;
      case "aud":
        audiences = audiences(v);
        return audiences != null;
      case "exp":
        expiresAt = numericDate(v);
        return expiresAt != TokenClaims.ABSENT;
      case "nbf":
        notBefore = numericDate(v);
        return notBefore != TokenClaims.ABSENT;
      default:
        issuedAt = numericDate(v);
        return issuedAt != TokenClaims.ABSENT;
    }
  }

  private void putCustom(String name, Object value) {
    if (custom.isEmpty()) {
      custom = Map.of(name, value);
      return;
    }
    if (!(custom instanceof LinkedHashMap)) {
      custom = new LinkedHashMap<>(custom);
    }
    custom.put(name, value);
  }

  /** A string or an array of strings as an unmodifiable list; null if it is neither. */
  private static List<String> audiences(Object v) {
    if (v instanceof String) {
      return List.of((String) v);
    }
    if (!(v instanceof List)) {
      return null;
    }
    List<String> list = new ArrayList<>();
    for (Object item : (List<?>) v) {
      if (!(item instanceof String)) {
        return null;
      }
      list.add((String) item);
    }
    return Collections.unmodifiableList(list);
  }

  /** Whole seconds from 0 to 9999-12-31T23:59:59Z; {@link TokenClaims#ABSENT} for anything else. */
  private static long numericDate(Object v) {
    if (!(v instanceof Long)) {
      return TokenClaims.ABSENT;
    }
    long s = (Long) v;
    return s >= 0 && s <= TokenClaims.MAX_NUMERIC_DATE ? s : TokenClaims.ABSENT;
  }

  /** The claims as a value; only for a payload that has {@code aud} and {@code exp}. */
  TokenClaims toClaims() {
    return new TokenClaims(
        issuer,
        subject,
        audiences,
        issuedAt,
        notBefore,
        expiresAt,
        jwtId,
        custom instanceof LinkedHashMap ? Collections.unmodifiableMap(custom) : custom);
  }
}
