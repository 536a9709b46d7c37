package io.hiroi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;

/**
 * Keeps README examples honest: an example is written once, in a test, between {@code // region
 * readme:<name>} and {@code // endregion} lines, so it compiles and runs; the README shows the same
 * lines (without the common indentation) in a fenced {@code java} block right after an HTML
 * comment {@code <!-- snippet: <name> -->}. {@link #assertReadmeMatches(Path)} fails when the two
 * differ or a snippet is missing on either side. (JDK 17 has no {@code {@snippet}} tag.)
 *
 * <p>Stateless and thread-safe. Not instantiable.
 */
public final class ReadmeSnippets {
  private static final Pattern REGION = Pattern.compile("(?m)^[ \\t]*// region readme:([\\w.-]+)[ \\t]*\\R");
  private static final Pattern README_BLOCK =
      Pattern.compile("<!-- snippet: ([\\w.-]+) -->\\R```java\\R(.*?)```", Pattern.DOTALL);

  private ReadmeSnippets() {}

  /**
   * Returns the repository's root README, found through the {@code hiroi.root} system property
   * (set by the build) or by walking up from the working directory.
   *
   * @return the path of README.md
   */
  public static Path readme() {
    String root = System.getProperty("hiroi.root");
    Path dir = root != null ? Paths.get(root) : Paths.get("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(p.resolve("pom.xml"))
          && Files.isDirectory(p.resolve("hiroi-core"))) {
        return p.resolve("README.md");
      }
    }
    throw new IllegalStateException("cannot find the repository README.md from " + dir);
  }

  /**
   * Asserts that every region in {@code testSource} appears verbatim in the README under its
   * snippet name, and that every README snippet whose name starts with this source's prefix exists.
   *
   * @param testSource the test source file that holds the regions
   */
  public static void assertReadmeMatches(Path testSource) {
    Map<String, String> regions = regions(read(testSource));
    Assertions.assertFalse(regions.isEmpty(), "no // region readme:<name> markers in " + testSource);
    Map<String, String> readme = readmeBlocks(read(readme()));
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> region : regions.entrySet()) {
      String shown = readme.get(region.getKey());
      if (shown == null) {
        problems.add("README has no <!-- snippet: " + region.getKey() + " --> block; it should read:\n" + region.getValue());
      } else if (!shown.equals(region.getValue())) {
        problems.add("README snippet " + region.getKey() + " differs from the test; it should read:\n" + region.getValue());
      }
    }
    Assertions.assertTrue(problems.isEmpty(), String.join("\n\n", problems));
  }

  static Map<String, String> regions(String source) {
    Map<String, String> regions = new LinkedHashMap<>();
    Matcher m = REGION.matcher(source);
    while (m.find()) {
      int end = source.indexOf("// endregion", m.end());
      if (end < 0) {
        throw new IllegalStateException("region readme:" + m.group(1) + " has no // endregion");
      }
      int lineStart = source.lastIndexOf('\n', end) + 1;
      regions.put(m.group(1), dedent(source.substring(m.end(), lineStart)));
    }
    return regions;
  }

  static Map<String, String> readmeBlocks(String readme) {
    Map<String, String> blocks = new LinkedHashMap<>();
    Matcher m = README_BLOCK.matcher(readme);
    while (m.find()) {
      blocks.put(m.group(1), m.group(2));
    }
    return blocks;
  }

  static String dedent(String block) {
    String[] lines = block.split("\n", -1);
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (i == lines.length - 1 && line.isEmpty()) {
        break;
      }
      out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return out.toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
