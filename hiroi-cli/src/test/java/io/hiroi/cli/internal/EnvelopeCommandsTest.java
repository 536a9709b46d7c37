package io.hiroi.cli.internal;

import static io.hiroi.cli.Hiroi.envelopeBytes;
import static io.hiroi.cli.Hiroi.keygen;
import static io.hiroi.cli.Hiroi.pipe;
import static io.hiroi.cli.Hiroi.run;
import static io.hiroi.cli.Hiroi.secretsOf;
import static io.hiroi.cli.Hiroi.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.cli.Hiroi.Result;
import io.hiroi.crypto.CredentialCipher;
import io.hiroi.crypto.Decryption;
import io.hiroi.crypto.KeyRing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeCommandsTest {
  private static final String CONTEXT = "tenant/42/credential/7/linkedin";
  private static final String PLAINTEXT = "oauth-refresh-token-7f3a9c";

  @TempDir Path dir;
  private Path ring;
  private String keyring;

  @BeforeEach
  void keyRing() throws IOException {
    ring = keygen(dir.resolve("keyring.json"));
    keyring = ring.toString();
  }

  private Result encrypt(byte[] plaintext, String... extra) {
    return pipe(plaintext, args("encrypt", extra));
  }

  private Result decrypt(String envelope, String... extra) {
    return pipe(envelope, args("decrypt", extra));
  }

  private String[] args(String command, String... extra) {
    String[] base = {command, "--keyring", keyring, "--context", CONTEXT};
    String[] all = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  private String encryptOk(byte[] plaintext) {
    Result r = encrypt(plaintext).assertOk();
    assertThat(r.out()).matches("[A-Za-z0-9_-]+\n");
    return r.out();
  }

  @Test
  void keygen_encrypt_decrypt_roundTrip() {
    String envelope = encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8));
    Result r = decrypt(envelope).assertOk();
    assertThat(r.out()).isEqualTo(PLAINTEXT);
  }

  @Test
  void encrypt_printsEnvelopeV1_underThePrimaryKid_base64urlLine() {
    String envelope = encryptOk(new byte[] {1, 2, 3});
    byte[] bytes = envelopeBytes(envelope);
    assertThat(bytes).hasSize(1 + 4 + 12 + 3 + 16);
    assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(0x01, 0, 0, 0, 1);
    assertThat(envelope).doesNotContain("=").endsWith("\n").hasLineCount(1);
  }

  @Test
  void encrypt_drawsAFreshIv_eachTime() {
    byte[] plaintext = PLAINTEXT.getBytes(StandardCharsets.UTF_8);
    assertThat(encryptOk(plaintext)).isNotEqualTo(encryptOk(plaintext));
  }

  @Test
  void plaintextBytes_arePreservedExactly_binaryAndTrailingNewlines() {
    byte[] every = new byte[256 + 3];
    for (int i = 0; i < 256; i++) {
      every[i] = (byte) i;
    }
    every[256] = '\r';
    every[257] = '\n';
    every[258] = '\n';
    for (byte[] plaintext :
        new byte[][] {every, "secret\n".getBytes(StandardCharsets.US_ASCII), "\n".getBytes(StandardCharsets.US_ASCII),
          "secret\r\n".getBytes(StandardCharsets.US_ASCII), " padded \t".getBytes(StandardCharsets.US_ASCII),
          "h\u00e9llo \u2603".getBytes(StandardCharsets.UTF_8), {0}}) {
      String envelope = encryptOk(plaintext);
      assertThat(envelopeBytes(envelope)).hasSize(33 + plaintext.length);
      assertThat(decrypt(envelope).assertOk().stdout()).isEqualTo(plaintext);
    }
  }

  @Test
  void emptyPlaintext_roundTrips() {
    String envelope = encryptOk(new byte[0]);
    assertThat(decrypt(envelope).assertOk().stdout()).isEmpty();
  }

  @Test
  void encrypt_acceptsThe64KiBLimit_andRejectsOneByteMore() {
    byte[] max = new byte[CredentialCipher.DEFAULT_MAX_PLAINTEXT_BYTES];
    Arrays.fill(max, (byte) 'x');
    String envelope = encryptOk(max);
    assertThat(decrypt(envelope).assertOk().stdout()).isEqualTo(max);

    byte[] tooBig = Arrays.copyOf(max, max.length + 1);
    encrypt(tooBig).assertUsageError("plaintext on standard input must be at most 65536 bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n"})
  void decrypt_ignoresOneTrailingLineEnd(String lineEnd) {
    String envelope = encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8)).strip();
    assertThat(decrypt(envelope + lineEnd).assertOk().out()).isEqualTo(PLAINTEXT);
    assertThat(decrypt(envelope).assertOk().out()).isEqualTo(PLAINTEXT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n\n", " ", " \n", "\r", "\t\n"})
  void decrypt_rejectsAnyOtherTrailingText(String suffix) {
    String envelope = encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8)).strip();
    decrypt(envelope + suffix).assertRejected("MALFORMED");
  }

  @Test
  void decrypt_withWrongContext_isRejected_nothingOnStdout_noSecretOnStderr() throws IOException {
    String envelope = encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8));
    Result r =
        pipe(envelope, "decrypt", "--keyring", keyring, "--context", "tenant/43/credential/7/linkedin")
            .assertRejected("the envelope did not decrypt: AUTHENTICATION_FAILED");
    r.assertStderrOmits(PLAINTEXT, envelope.strip(), "tenant/43");
    r.assertStderrOmits(secretsOf(ring));
  }

  @Test
  void decrypt_withWrongPurpose_isRejected() {
    String envelope = encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8));
    decrypt(envelope, "--purpose", "hiroi-totp-v1").assertRejected("AUTHENTICATION_FAILED");
  }

  @Test
  void purpose_mustMatch_betweenEncryptAndDecrypt() {
    Result e = encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8), "--purpose", "hiroi-totp-v1").assertOk();
    decrypt(e.out()).assertRejected("AUTHENTICATION_FAILED");
    assertThat(decrypt(e.out(), "--purpose", "hiroi-totp-v1").assertOk().out()).isEqualTo(PLAINTEXT);
  }

  @Test
  void defaultPurpose_isTheLibrarysDefault_bothWays() {
    KeyRing keyRing = KeyRing.fromFile(ring);
    CredentialCipher library = CredentialCipher.create(keyRing);

    String fromCli = encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8)).strip();
    try (Decryption d = library.decrypt(fromCli, CONTEXT)) {
      assertThat(d.isSuccess()).isTrue();
      assertThat(new String(d.plaintext(), StandardCharsets.UTF_8)).isEqualTo(PLAINTEXT);
    }

    String fromLibrary = library.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8), CONTEXT);
    assertThat(decrypt(fromLibrary).assertOk().out()).isEqualTo(PLAINTEXT);
    assertThat(
            decrypt(fromLibrary, "--purpose", CredentialCipher.DEFAULT_PURPOSE).assertOk().out())
        .isEqualTo(PLAINTEXT);
  }

  @Test
  void decrypt_withAnotherKeyRingOfTheSameKid_isRejected() throws IOException {
    String envelope = encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8));
    Path other = keygen(dir.resolve("other.json"));
    pipe(envelope, "decrypt", "--keyring", other.toString(), "--context", CONTEXT)
        .assertRejected("AUTHENTICATION_FAILED");
  }

  @Test
  void decrypt_underAKidNotInTheRing_isRejected() throws IOException {
    String envelope = encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8));
    Path other = keygen(dir.resolve("other.json"), "--kid", "5");
    pipe(envelope, "decrypt", "--keyring", other.toString(), "--context", CONTEXT)
        .assertRejected("UNKNOWN_KEY");
  }

  @Test
  void decrypt_ofAnyFlippedBit_isRejected_andReleasesNothing() {
    byte[] envelope = envelopeBytes(encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8)));
    for (int bit = 0; bit < envelope.length * 8; bit++) {
      byte[] changed = envelope.clone();
      changed[bit / 8] ^= (byte) (1 << (bit % 8));
      String text = Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
      Result r = decrypt(text);
      assertThat(r.status()).as("bit %d", bit).isEqualTo(1);
      assertThat(r.stdout()).as("bit %d", bit).isEmpty();
      r.assertStderrOmits(PLAINTEXT);
    }
  }

  @Test
  void decrypt_ofMalformedInput_isRejected() {
    decrypt("").assertRejected("MALFORMED");
    decrypt("\n").assertRejected("MALFORMED");
    decrypt("not an envelope!").assertRejected("MALFORMED");
    decrypt("AQAAAAE").assertRejected("MALFORMED");
    decrypt("AQAAAAE=").assertRejected("MALFORMED");
    String envelope = encryptOk(new byte[] {1}).strip();
    decrypt(envelope.substring(0, envelope.length() - 1)).assertRejected("the envelope did not decrypt");
    decrypt("Ag" + envelope.substring(2)).assertRejected("UNSUPPORTED_VERSION");
  }

  @Test
  void decrypt_ofOversizedInput_isRejectedAsMalformed_withoutReadingItAll() {
    byte[] huge = new byte[EnvelopeCommands.MAX_ENVELOPE_CHARS + 10];
    Arrays.fill(huge, (byte) 'A');
    pipe(huge, args("decrypt")).assertRejected("MALFORMED");
  }

  @Test
  void decrypt_binaryGarbage_isRejected_notEchoed() {
    byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, 'A', (byte) 0x80};
    pipe(garbage, args("decrypt")).assertRejected("MALFORMED");
  }

  @Test
  void rewrap_afterRotation_movesTheEnvelopeToTheNewPrimaryKid() throws IOException {
    String old = encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8));
    assertThat(Arrays.copyOfRange(envelopeBytes(old), 1, 5)).containsExactly(0, 0, 0, 1);

    Path rotated =
        write(dir.resolve("rotated.json"), run("keyring", "add", "--keyring", keyring, "--primary").assertOk().stdout());
    Result r = pipe(old, "rewrap", "--keyring", rotated.toString(), "--context", CONTEXT).assertOk();
    assertThat(r.out()).matches("[A-Za-z0-9_-]+\n");
    byte[] moved = envelopeBytes(r.out());
    assertThat(moved[0]).isEqualTo((byte) 0x01);
    assertThat(Arrays.copyOfRange(moved, 1, 5)).containsExactly(0, 0, 0, 2);

    // The new envelope opens with the rotated ring and the same context; the old ring lacks kid 2.
    assertThat(pipe(r.out(), "decrypt", "--keyring", rotated.toString(), "--context", CONTEXT).assertOk().out())
        .isEqualTo(PLAINTEXT);
    decrypt(r.out()).assertRejected("UNKNOWN_KEY");
    // The old envelope still opens with the rotated ring (kid 1 is kept).
    assertThat(pipe(old, "decrypt", "--keyring", rotated.toString(), "--context", CONTEXT).assertOk().out())
        .isEqualTo(PLAINTEXT);
  }

  @Test
  void rewrap_underTheSamePrimary_givesAFreshEnvelope() {
    String old = encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8));
    Result r = pipe(old, args("rewrap")).assertOk();
    assertThat(r.out()).isNotEqualTo(old);
    assertThat(Arrays.copyOfRange(envelopeBytes(r.out()), 1, 5)).containsExactly(0, 0, 0, 1);
    assertThat(decrypt(r.out()).assertOk().out()).isEqualTo(PLAINTEXT);
  }

  @Test
  void rewrap_withWrongContext_isRejected_nothingOnStdout() {
    String old = encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8));
    pipe(old, "rewrap", "--keyring", keyring, "--context", "tenant/1").assertRejected("AUTHENTICATION_FAILED");
    pipe("garbage", args("rewrap")).assertRejected("MALFORMED");
  }

  @Test
  void missingKeyRingFile_isAConfigurationError() {
    for (String command : new String[] {"encrypt", "decrypt", "rewrap"}) {
      pipe("x", command, "--keyring", dir.resolve("missing.json").toString(), "--context", CONTEXT)
          .assertUsageError("cannot read key ring file")
          .assertUsageError("no such file");
    }
  }

  @Test
  void malformedKeyRingJson_isAConfigurationError_withoutEchoingTheFile() throws IOException {
    Path bad = write(dir.resolve("bad.json"), "{\"primary\": 1, \"keys\": [{\"kid\": 1, \"secret\": \"c2VjcmV0".getBytes(StandardCharsets.UTF_8));
    for (String command : new String[] {"encrypt", "decrypt", "rewrap"}) {
      pipe("x", command, "--keyring", bad.toString(), "--context", CONTEXT)
          .assertUsageError("key ring JSON is invalid")
          .assertStderrOmits("c2VjcmV0");
    }
  }

  @Test
  void keyRingWithAShortSecret_isAConfigurationError() throws IOException {
    String shortSecret = Base64.getEncoder().encodeToString(new byte[16]);
    Path weak =
        write(dir.resolve("weak.json"),
            ("{\"primary\": 1, \"keys\": [{\"kid\": 1, \"secret\": \"" + shortSecret + "\"}]}").getBytes(StandardCharsets.UTF_8));
    pipe("x", "encrypt", "--keyring", weak.toString(), "--context", CONTEXT)
        .assertUsageError("must be at least 32 bytes, was 16")
        .assertStderrOmits(shortSecret);
  }

  @Test
  void keyRingThatIsADirectory_isAConfigurationError() {
    pipe("x", "encrypt", "--keyring", dir.toString(), "--context", CONTEXT).assertUsageError("cannot read key ring file");
  }

  @Test
  void invalidContextOrPurpose_isAUsageError() {
    pipe("x", "encrypt", "--keyring", keyring, "--context", "").assertUsageError("context must be 1 to 1024 characters, was 0");
    pipe("x", "encrypt", "--keyring", keyring, "--context", "c".repeat(1025))
        .assertUsageError("context must be 1 to 1024 characters, was 1025");
    pipe("x", args("encrypt", "--purpose", "has space")).assertUsageError("purpose must be 1 to 256 printable ASCII");
    pipe("x", args("decrypt", "--purpose", "")).assertUsageError("purpose must be");
  }

  @Test
  void missingRequiredOptions_areUsageErrors() {
    pipe("x", "encrypt", "--keyring", keyring).assertUsageError("Missing required option: '--context=C'");
    pipe("x", "decrypt", "--context", CONTEXT).assertUsageError("Missing required option: '--keyring=F'");
    pipe("x", "rewrap").assertUsageError("Missing required option");
  }

  @Test
  void aPlaintextGivenAsAnArgument_isRefused_andNotEchoed() {
    Result r = pipe(new byte[0], args("encrypt", "hunter2-plaintext")).assertUsageError("1 unexpected argument");
    r.assertStderrOmits("hunter2-plaintext");
    r = pipe(new byte[0], args("encrypt", "--plaintext=hunter2-plaintext")).assertUsageError("unknown option --plaintext");
    r.assertStderrOmits("hunter2-plaintext");
  }

  @Test
  void decryptedPlaintext_neverReachesStderr_andKeysNeverDo() throws IOException {
    String envelope = encryptOk(PLAINTEXT.getBytes(StandardCharsets.UTF_8));
    String[] secrets = secretsOf(ring);
    Result[] failures = {
      decrypt(envelope, "--purpose", "x-v1"),
      pipe(envelope, "decrypt", "--keyring", keyring, "--context", "other"),
      pipe(envelope, "rewrap", "--keyring", keyring, "--context", "other"),
      pipe(envelope, "decrypt", "--keyring", keyring),
      pipe(PLAINTEXT, "encrypt", "--keyring", keyring, "--context", ""),
    };
    for (Result r : failures) {
      assertThat(r.status()).isNotZero();
      assertThat(r.stdout()).isEmpty();
      r.assertStderrOmits(PLAINTEXT, envelope.strip());
      r.assertStderrOmits(secrets);
    }
    assertThat(Files.readString(ring)).contains(secrets);
  }
}
