package io.hiroi.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * RFC 8785 canonical JSON: the RFC's own examples that fit the record value set, and a cross-check
 * against an independent canonicaliser, Python's {@code json.dumps(obj, sort_keys=True,
 * separators=(",", ":"), ensure_ascii=False)}, which agrees with JCS for strings, integers,
 * booleans, null, objects and arrays except in two places this test pins down: Python sorts
 * member names by code point where JCS sorts by UTF-16 code units (they differ when a name holds
 * a character above U+FFFF and another holds one in U+E000..U+FFFF; {@link
 * #differsFromPython_whereJcsSortsByUtf16()}). Control characters, U+007F and U+2028 are written
 * the same way by both (short escapes, else {@code \\u00xx} in lower-case hex; U+007F and U+2028
 * literally).
 */
class JcsTest {
  @Test
  void rfc8785_section3_2_2_stringsAndLiterals() {
    // RFC 8785 section 3.2.2, the "string" and "literals" members of the example (its "numbers"
    // member holds floats, outside the record value set).
    Map<String, Object> input = new LinkedHashMap<>();
    // The RFC's JSON input string (escaped there as u20ac, u000F, u000a, u0042, u0022, u005c...) decodes to:
    input.put("string", "\u20ac$\u000f\nA'B\"\\\\\"/");
    input.put("literals", Arrays.asList(null, true, false));
    assertThat(Jcs.write(input))
        .isEqualTo("{\"literals\":[null,true,false],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void rfc8785_section3_2_3_sortsByUtf16CodeUnits() {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("\u20ac", "Euro Sign");
    input.put("\r", "Carriage Return");
    input.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
    input.put("1", "One");
    input.put("\ud83d\ude00", "Emoji: Grinning Face");
    input.put("\u0080", "Control");
    input.put("\u00f6", "Latin Small Letter O With Diaeresis");
    // The RFC's expected order: \r, 1, \u0080, \u00f6, \u20ac, \ud83d\ude00, \ufb33.
    assertThat(Jcs.write(input))
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void output_isUtf8OfTheCanonicalText() {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("\u20ac", "Euro");
    String text = Jcs.write(input);
    assertThat(text.getBytes(StandardCharsets.UTF_8))
        .containsExactly(0x7b, 0x22, 0xe2, 0x82, 0xac, 0x22, 0x3a, 0x22, 0x45, 0x75, 0x72, 0x6f, 0x22, 0x7d);
  }

  @Test
  void escapes_controlCharactersInLowerCaseHex_andNothingElse() {
    assertThat(Jcs.write("\u0000\u001f\u007f\u2028\b\f\t\r\n\"\\/"))
        .isEqualTo("\"\\u0000\\u001f\u007f\u2028\\b\\f\\t\\r\\n\\\"\\\\/\"");
  }

  @Test
  void integers_areExactUpTo2pow53minus1_andRefusedBeyond() {
    assertThat(Jcs.write(List.of(0L, -1L, 9007199254740991L, -9007199254740991L, 42)))
        .isEqualTo("[0,-1,9007199254740991,-9007199254740991,42]");
    assertThatThrownBy(() -> Jcs.write(9007199254740992L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("canonical JSON: integer beyond 2^53 - 1 in magnitude");
  }

  @Test
  void refuses_floatsLoneSurrogatesAndDeepNesting() {
    assertThatThrownBy(() -> Jcs.write(1.5d)).hasMessage("canonical JSON: unsupported value type Double");
    assertThatThrownBy(() -> Jcs.write("a\ud800b")).hasMessage("canonical JSON: lone UTF-16 surrogate in a string");
    assertThatThrownBy(() -> Jcs.write("\udc00")).hasMessage("canonical JSON: lone UTF-16 surrogate in a string");
    Object deep = "x";
    for (int i = 0; i < 20; i++) {
      deep = List.of(deep);
    }
    Object tooDeep = deep;
    assertThatThrownBy(() -> Jcs.write(tooDeep)).hasMessage("canonical JSON: nesting deeper than 16");
    assertThat(Jcs.write(Jcs.NULL)).isEqualTo("null");
  }

  @Test
  void agreesWithPython_onRandomDocuments() throws Exception {
    Path python = findOnPath("python3");
    if (python == null) {
      String message = "python3 is not on the PATH; skipping the independent canonicalisation cross-check";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    Random random = new Random(8785);
    List<Object> docs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      docs.add(randomValue(random, 0));
    }
    // One document per line, written by us in canonical form; Python re-canonicalises each.
    StringBuilder input = new StringBuilder();
    for (Object d : docs) {
      input.append(Jcs.write(d)).append('\n');
    }
    String script =
        "import sys, json\n"
            + "for line in sys.stdin.buffer.read().decode('utf-8').split('\\n')[:-1]:\n"
            + "    sys.stdout.buffer.write((json.dumps(json.loads(line), sort_keys=True, separators=(',', ':'),"
            + " ensure_ascii=False) + '\\n').encode('utf-8'))\n";
    String out = run(python, script, input.toString());
    assertThat(out.split("\n", -1)).hasSize(docs.size() + 1);
    String[] lines = out.split("\n", -1);
    for (int i = 0; i < docs.size(); i++) {
      assertThat(lines[i]).as("document %d", i).isEqualTo(Jcs.write(docs.get(i)));
    }
  }

  @Test
  void differsFromPython_whereJcsSortsByUtf16() throws Exception {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("\ud83d\ude00", 1L); // U+1F600: UTF-16 D83D DE00
    input.put("\ufb33", 2L); // U+FB33, above D83D as a code unit, below U+1F600 as a code point
    assertThat(Jcs.write(input)).isEqualTo("{\"\ud83d\ude00\":1,\"\ufb33\":2}");
    Path python = findOnPath("python3");
    Assumptions.assumeTrue(python != null, "python3 is not on the PATH");
    String script =
        "import sys, json\n"
            + "d = json.loads(sys.stdin.buffer.read().decode('utf-8'))\n"
            + "sys.stdout.buffer.write(json.dumps(d, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode('utf-8'))\n";
    assertThat(run(python, script, Jcs.write(input))).isEqualTo("{\"\ufb33\":2,\"\ud83d\ude00\":1}");
  }

  private static final String ALPHABET = "abcXYZ019 _-\"\\/\n\t\u0001\u001f\u007f\u00e9\u20ac\u2028\ufb33\ue000";

  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 4 : 6);
    switch (kind) {
      case 0:
        return randomString(random);
      case 1:
        return random.nextBoolean() ? (long) random.nextInt() : (random.nextLong() % Jcs.MAX_SAFE_INTEGER);
      case 2:
        return random.nextBoolean();
      case 3:
        return null;
      case 4:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          int n = random.nextInt(5);
          for (int i = 0; i < n; i++) {
            m.put(randomKey(random), randomValue(random, depth + 1));
          }
          return m;
        }
      default:
        {
          List<Object> l = new ArrayList<>();
          int n = random.nextInt(4);
          for (int i = 0; i < n; i++) {
            l.add(randomValue(random, depth + 1));
          }
          return l;
        }
    }
  }

  /** Keys avoid mixing supplementary characters with U+E000..U+FFFF, where JCS and Python differ. */
  private static String randomKey(Random random) {
    return randomString(random).replace("\ufb33", "b").replace("\ue000", "c");
  }

  private static String randomString(Random random) {
    int n = random.nextInt(8);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (random.nextInt(10) == 0) {
        sb.append("\ud83d\ude00");
      } else {
        sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return sb.toString();
  }

  static Path findOnPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Paths.get(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String run(Path python, String script, String stdin) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(python.toString(), "-c", script).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream o = p.getInputStream()) {
      o.transferTo(out);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }
}
