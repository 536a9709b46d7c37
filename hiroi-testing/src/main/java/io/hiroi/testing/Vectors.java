package io.hiroi.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The published test vectors in {@code ../shared/vectors} (Wycheproof, RFC transcriptions,
 * WebAuthn responses), found through the {@code hiroi.vectors} system property that the build
 * sets. Where the folder is missing (a user's fresh clone) a test that needs it is skipped with a
 * message that says so; under CI ({@code CI=true}) a missing folder fails the test instead, so CI
 * can never pass by skipping the vectors.
 *
 * <p>Stateless and thread-safe. Not instantiable.
 */
public final class Vectors {
  /** The system property naming the vectors folder. */
  public static final String PROPERTY = "hiroi.vectors";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vectors() {}

  /**
   * Returns the vectors folder as configured, whether or not it exists.
   *
   * @return the configured folder
   */
  public static Path dir() {
    return Paths.get(System.getProperty(PROPERTY, "../shared/vectors")).toAbsolutePath().normalize();
  }

  /**
   * Returns the path of one vectors file, skipping the calling test (or failing it under CI) when
   * the file is absent.
   *
   * @param relative a path inside the vectors folder, such as {@code wycheproof/aes_gcm_test.json}
   * @return the existing file
   */
  public static Path require(String relative) {
    return require(relative, System.getenv("CI"));
  }

  /** {@link #require(String)} with the value of {@code CI} passed in, so tests can cover both cases. */
  static Path require(String relative, String ci) {
    Path file = dir().resolve(relative);
    if (!Files.isRegularFile(file)) {
      String message =
          "test vectors not found at " + file + " (set -D" + PROPERTY + "=<dir> to point at ../shared/vectors)";
      if ("true".equalsIgnoreCase(ci)) {
        Assertions.fail(message + "; CI must run every vector test");
      }
      Assumptions.abort(message + "; skipping");
    }
    return file;
  }

  /**
   * Reads one vectors file as a JSON tree (see {@link #require(String)} for a missing file).
   *
   * @param relative a path inside the vectors folder
   * @return the parsed JSON document
   */
  public static JsonNode json(String relative) {
    Path file = require(relative);
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read test vectors " + file, e);
    }
  }

  /**
   * Decodes a lower-case or upper-case hex string, as Wycheproof and the RFC files write bytes.
   *
   * @param hex the hex text; may be empty
   * @return the bytes
   */
  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
