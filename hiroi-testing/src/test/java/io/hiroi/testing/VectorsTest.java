package io.hiroi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class VectorsTest {
  @TempDir Path dir;
  private String saved;

  @BeforeEach
  void pointAtTempDir() {
    saved = System.getProperty(Vectors.PROPERTY);
    System.setProperty(Vectors.PROPERTY, dir.toString());
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(Vectors.PROPERTY);
    } else {
      System.setProperty(Vectors.PROPERTY, saved);
    }
  }

  @Test
  void dir_followsTheSystemProperty() {
    assertThat(Vectors.dir()).isEqualTo(dir.toAbsolutePath().normalize());
  }

  @Test
  void require_skips_whenFileMissingOutsideCi() {
    assertThatThrownBy(() -> Vectors.require("wycheproof/missing.json", null))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("test vectors not found at " + dir.resolve("wycheproof/missing.json"))
        .hasMessageContaining("skipping");
    assertThatThrownBy(() -> Vectors.require("wycheproof/missing.json", "false"))
        .isInstanceOf(TestAbortedException.class);
  }

  @Test
  void require_fails_whenFileMissingUnderCi() {
    assertThatThrownBy(() -> Vectors.require("wycheproof/missing.json", "true"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("CI must run every vector test");
    assertThatThrownBy(() -> Vectors.require("wycheproof/missing.json", "TRUE"))
        .isInstanceOf(AssertionFailedError.class);
  }

  @Test
  void require_usesTheRealCiVariable() {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    assertThatThrownBy(() -> Vectors.require("missing.json"))
        .isInstanceOf(ci ? AssertionFailedError.class : TestAbortedException.class);
  }

  @Test
  void require_returnsAnExistingFile() throws IOException {
    Path file = Files.createDirectories(dir.resolve("rfc")).resolve("v.json");
    Files.writeString(file, "{}", StandardCharsets.UTF_8);
    assertThat(Vectors.require("rfc/v.json", "true")).isEqualTo(file);
  }

  @Test
  void json_parsesTheFile() throws IOException {
    Files.writeString(dir.resolve("v.json"), "{\"tcId\": 7, \"key\": \"00ff\"}", StandardCharsets.UTF_8);
    assertThat(Vectors.json("v.json").get("tcId").asInt()).isEqualTo(7);
    assertThat(Vectors.hex(Vectors.json("v.json").get("key").asText())).containsExactly(0x00, 0xff);
  }

  @Test
  void hex_decodesBothCases_andEmpty() {
    assertThat(Vectors.hex("0aFf")).containsExactly(0x0a, 0xff);
    assertThat(Vectors.hex("")).isEmpty();
    assertThatThrownBy(() -> Vectors.hex("abc")).isInstanceOf(IllegalArgumentException.class);
  }
}
