package io.hiroi.cli.internal;

import static io.hiroi.cli.Hiroi.keygen;
import static io.hiroi.cli.Hiroi.run;
import static io.hiroi.cli.Hiroi.secretsOf;
import static io.hiroi.cli.Hiroi.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.cli.Hiroi.Result;
import io.hiroi.crypto.KeyRing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringCommandsTest {
  @TempDir Path dir;

  @Test
  void add_printsTheRingWithOneMoreKey_keepsThePrimary_andLeavesTheFileUnchanged() throws IOException {
    Path file = keygen(dir.resolve("keyring.json"));
    byte[] before = Files.readAllBytes(file);

    Result r = run("keyring", "add", "--keyring", file.toString()).assertOk();

    KeyRing old = KeyRing.fromFile(file);
    KeyRing added = KeyRing.fromJson(r.stdout());
    assertThat(added.keyIds()).containsExactly(1, 2);
    assertThat(added.primaryKeyId()).isEqualTo(1);
    assertThat(added.exportPurposeKey("test-v1", 1).equalsConstantTime(old.exportPurposeKey("test-v1", 1))).isTrue();
    assertThat(r.out()).contains(secretsOf(file)).endsWith("]}\n");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void add_withPrimary_makesTheNewKeyPrimary() throws IOException {
    Path file = keygen(dir.resolve("keyring.json"));
    KeyRing added = KeyRing.fromJson(run("keyring", "add", "--keyring", file.toString(), "--primary").assertOk().stdout());
    assertThat(added.keyIds()).containsExactly(1, 2);
    assertThat(added.primaryKeyId()).isEqualTo(2);
  }

  @Test
  void add_takesTheHighestIdPlusOne_andChainsForRepeatedRotations() throws IOException {
    Path file = keygen(dir.resolve("keyring.json"), "--kid", "41");
    Path second = write(dir.resolve("2.json"), run("keyring", "add", "--keyring", file.toString(), "--primary").assertOk().stdout());
    KeyRing third = KeyRing.fromJson(run("keyring", "add", "--keyring", second.toString()).assertOk().stdout());
    assertThat(third.keyIds()).containsExactly(41, 42, 43);
    assertThat(third.primaryKeyId()).isEqualTo(42);
  }

  @Test
  void add_newKeyIsFresh_eachTime() throws IOException {
    Path file = keygen(dir.resolve("keyring.json"));
    KeyRing a = KeyRing.fromJson(run("keyring", "add", "--keyring", file.toString()).assertOk().stdout());
    KeyRing b = KeyRing.fromJson(run("keyring", "add", "--keyring", file.toString()).assertOk().stdout());
    assertThat(a.exportPurposeKey("test-v1", 2).equalsConstantTime(b.exportPurposeKey("test-v1", 2))).isFalse();
  }

  @Test
  void add_whenTheHighestIdIsTheLast_isAUsageError() throws IOException {
    Path file = keygen(dir.resolve("keyring.json"), "--kid", "2147483647");
    run("keyring", "add", "--keyring", file.toString())
        .assertUsageError("key id must be between 0 and 2147483647, was 2147483648");
  }

  @Test
  void add_withAMissingFile_isAConfigurationError() {
    run("keyring", "add", "--keyring", dir.resolve("nope.json").toString())
        .assertUsageError("cannot read key ring file")
        .assertUsageError("no such file");
  }

  @Test
  void add_withMalformedJson_isAConfigurationError() throws IOException {
    Path bad = write(dir.resolve("bad.json"), "{\"primary\": 1, \"keys\": []".getBytes(StandardCharsets.UTF_8));
    run("keyring", "add", "--keyring", bad.toString()).assertUsageError("key ring JSON is invalid");
    Path unknownMember = write(dir.resolve("extra.json"), "{\"primary\": 1, \"keys\": [], \"x\": 1}".getBytes(StandardCharsets.UTF_8));
    run("keyring", "add", "--keyring", unknownMember.toString()).assertUsageError("unknown member");
    Path empty = write(dir.resolve("empty.json"), new byte[0]);
    run("keyring", "add", "--keyring", empty.toString()).assertUsageError("key ring JSON is invalid");
  }

  @Test
  void keyringWithoutASubcommand_orWithAnUnknownOne_isAUsageError() {
    run("keyring").assertUsageError("'hiroi keyring' needs a command");
    run("keyring", "remove").assertUsageError("unknown command 'remove' for 'hiroi keyring'");
    run("keyring", "add").assertUsageError("Missing required option: '--keyring=F'");
  }
}
