package io.hiroi.cli.internal;

import static io.hiroi.cli.Hiroi.keygen;
import static io.hiroi.cli.Hiroi.pipe;
import static io.hiroi.cli.Hiroi.run;
import static io.hiroi.cli.Hiroi.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.cli.Hiroi.Result;
import io.hiroi.crypto.ApiKeyCheck;
import io.hiroi.crypto.ApiKeys;
import io.hiroi.crypto.KeyRing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyCommandsTest {
  private static final Pattern NEW_OUTPUT =
      Pattern.compile("(hk_live_[0-9A-Za-z]{43}[0-9A-Za-z]{6})\n((0|[1-9][0-9]*):[0-9a-f]{64})\n");
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  @TempDir Path dir;
  private Path ring;

  @BeforeEach
  void keyRing() throws IOException {
    ring = keygen(dir.resolve("keyring.json"));
  }

  private Result newKey(Path keyRing) {
    return run("apikey", "new", "--keyring", keyRing.toString(), "--prefix", "hk_live").assertOk();
  }

  @Test
  void new_printsTheKeyOnLine1_andItsStoredHashOnLine2() {
    Result r = newKey(ring);
    Matcher m = NEW_OUTPUT.matcher(r.out());
    assertThat(m.matches()).as(r.out()).isTrue();
    assertThat(m.group(3)).isEqualTo("1");

    // The library agrees: line 1 is a well-formed key and line 2 is its stored hash under this ring.
    ApiKeys apiKeys = ApiKeys.create(KeyRing.fromFile(ring), "hk_live");
    ApiKeyCheck check = apiKeys.parse(m.group(1));
    assertThat(check.isValid()).isTrue();
    assertThat(apiKeys.hash(check.key())).isEqualTo(m.group(2));
    assertThat(apiKeys.verify(check.key(), m.group(2))).isTrue();
  }

  @Test
  void new_drawsAFreshKeyEachTime() {
    assertThat(newKey(ring).lines().get(0)).isNotEqualTo(newKey(ring).lines().get(0));
  }

  @Test
  void new_hashesUnderThePrimaryKid_afterARotation() throws IOException {
    Path rotated =
        write(dir.resolve("rotated.json"), run("keyring", "add", "--keyring", ring.toString(), "--primary").assertOk().stdout());
    List<String> lines = newKey(rotated).lines();
    assertThat(lines.get(1)).startsWith("2:");
  }

  @Test
  void check_acceptsLine1OfNew_withOrWithoutItsLineEnd() {
    String key = newKey(ring).lines().get(0);
    assertThat(pipe(key + "\n", "apikey", "check").assertOk().stdout()).isEmpty();
    assertThat(pipe(key + "\r\n", "apikey", "check").assertOk().stdout()).isEmpty();
    assertThat(pipe(key, "apikey", "check").assertOk().stdout()).isEmpty();
  }

  @Test
  void check_acceptsAnyPrefix_andNeedsNoKeyRing() {
    String key = run("apikey", "new", "--keyring", ring.toString(), "--prefix", "acme_test_2").assertOk().lines().get(0);
    pipe(key, "apikey", "check").assertOk();
  }

  @Test
  void check_rejectsEveryOneCharacterTypo() {
    String key = newKey(ring).lines().get(0);
    int start = "hk_live_".length();
    for (int i = start; i < key.length(); i++) {
      char c = key.charAt(i);
      char typo = ALPHABET.charAt((ALPHABET.indexOf(c) + 1) % ALPHABET.length());
      String changed = key.substring(0, i) + typo + key.substring(i + 1);
      Result r = pipe(changed + "\n", "apikey", "check");
      assertThat(r.status()).as("typo at %d", i).isEqualTo(1);
      assertThat(r.stdout()).isEmpty();
      assertThat(r.stderr()).startsWith("hiroi: rejected: not a well-formed API key").doesNotContain(changed);
    }
  }

  @Test
  void check_rejectsAOneCharacterTypo_exit1_reasonOnStderr() {
    String key = newKey(ring).lines().get(0);
    char last = key.charAt(key.length() - 1);
    String typo = key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');
    pipe(typo + "\n", "apikey", "check")
        .assertRejected("checksum does not match")
        .assertStderrOmits(typo, key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "hk_live_", "hk_live_abc", "not a key at all"})
  void check_rejectsTextThatIsNoKey(String input) {
    pipe(input, "apikey", "check").assertRejected("not a well-formed API key");
  }

  @Test
  void check_rejectsTruncatedExtendedOrPaddedKeys() {
    String key = newKey(ring).lines().get(0);
    pipe(key.substring(0, key.length() - 1), "apikey", "check").assertRejected("not a well-formed");
    pipe(key + "a", "apikey", "check").assertRejected("not a well-formed");
    pipe(key + " ", "apikey", "check").assertRejected("not a well-formed");
    pipe(" " + key, "apikey", "check").assertRejected("not a well-formed");
    pipe(key + "\n\n", "apikey", "check").assertRejected("not a well-formed");
    pipe(key + "\n" + key + "\n", "apikey", "check").assertRejected("not a well-formed");
    pipe("x".repeat(10_000), "apikey", "check").assertRejected("not a well-formed");
  }

  @Test
  void new_withAnInvalidPrefix_orMissingOptions_isAUsageError() {
    run("apikey", "new", "--keyring", ring.toString(), "--prefix", "HK_Live")
        .assertUsageError("API key prefix must match");
    run("apikey", "new", "--keyring", ring.toString()).assertUsageError("Missing required option: '--prefix=P'");
    run("apikey", "new", "--prefix", "hk").assertUsageError("Missing required option: '--keyring=F'");
    run("apikey", "new", "--keyring", dir.resolve("nope.json").toString(), "--prefix", "hk")
        .assertUsageError("cannot read key ring file");
  }

  @Test
  void apikeyWithoutASubcommand_isAUsageError() {
    run("apikey").assertUsageError("'hiroi apikey' needs a command");
    run("apikey", "chek").assertUsageError("unknown command 'chek' for 'hiroi apikey'");
  }
}
