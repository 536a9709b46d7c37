package io.hiroi.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.core.SecretBytes;
import io.hiroi.crypto.internal.Argon2id;
import io.hiroi.crypto.internal.PhcString;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PasswordHasherTest {
  /** Tiny parameters, so that the many round trips below stay fast. */
  private static final PasswordHasher FAST = fast().build();

  /**
   * The reference implementation's test.c case m=256,t=2,p=1, password "password", salt
   * "somesalt" (P-H-C/phc-winner-argon2 src/test.c; also tcId 3 of rfc/argon2id.json), written
   * here so the known answer is checked even without the shared vectors.
   */
  private static final String REFERENCE_M256 =
      "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";

  /** A syntactically valid string at m=65536 for the parser tests (never hashed below). */
  private static final String REFERENCE_M65536 =
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

  /**
   * Made by the reference {@code argon2} tool (P-H-C/phc-winner-argon2, Debian package argon2):
   * {@code printf %s 'correct horse battery staple' | argon2 argon2-cffi-salt -id -t 3 -k 65536
   * -p 4 -l 32 -e}: argon2-cffi's default since 21.2, RFC 9106's second recommendation.
   */
  private static final String ARGON2_CFFI_DEFAULT =
      "$argon2id$v=19$m=65536,t=3,p=4$YXJnb24yLWNmZmktc2FsdA$"
          + "caJRN8cs4OlXyp0JCQMREBtxSPG87uk54NEEFwpmC3U";

  /**
   * Made by the reference tool as above with salt {@code php-default-salt}, {@code -t 4 -k 65536
   * -p 1}: PHP's {@code password_hash} default, exactly at the default cost limit (262144).
   */
  private static final String PHP_DEFAULT =
      "$argon2id$v=19$m=65536,t=4,p=1$cGhwLWRlZmF1bHQtc2FsdA$"
          + "bWMSaYO2cchJwgQJvV1p/Xxd335XHdezHSuD0I9/peg";

  private static final String SALT_B64 = "c29tZXNhbHQ";
  private static final String HASH_B64 = "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
  private static final String PHC_PREFIX = "password hash is not a valid argon2id PHC string: ";

  private static PasswordHasher.Builder fast() {
    return PasswordHasher.builder().memoryKiB(64).iterations(1).insecureAllowWeakParameters();
  }

  private static PhcString parse(String phc) {
    return PhcString.parse(phc);
  }

  // ---- hash and verify --------------------------------------------------------------------------

  @Test
  void hash_writesPhcString_withDefaultParameters() {
    PasswordHasher hasher = PasswordHasher.defaults();
    String stored = hasher.hash("correct horse battery staple".toCharArray());

    assertThat(stored)
        .matches(
            Pattern.compile(
                "\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"));
    PhcString parsed = parse(stored);
    assertThat(parsed.saltLength()).isEqualTo(16);
    assertThat(parsed.hashLength()).isEqualTo(32);
    assertThat(hasher.verify(stored, "correct horse battery staple".toCharArray())).isTrue();
    assertThat(hasher.verify(stored, "correct horse battery stapl".toCharArray())).isFalse();
    assertThat(hasher.needsRehash(stored)).isFalse();
  }

  @Test
  void defaults_followOwasp() {
    assertThat(PasswordHasher.DEFAULT_MEMORY_KIB).isEqualTo(19456);
    assertThat(PasswordHasher.DEFAULT_ITERATIONS).isEqualTo(2);
    assertThat(PasswordHasher.DEFAULT_PARALLELISM).isEqualTo(1);
    assertThat(PasswordHasher.DEFAULT_SALT_LENGTH).isEqualTo(16);
    assertThat(PasswordHasher.DEFAULT_HASH_LENGTH).isEqualTo(32);
    assertThat(PasswordHasher.DEFAULT_MAX_PASSWORD_BYTES).isEqualTo(1024);
    assertThat(PasswordHasher.defaults())
        .hasToString(
            "PasswordHasher[argon2id, v=19, m=19456, t=2, p=1, saltLength=16, hashLength=32,"
                + " maxPasswordBytes=1024, maxVerifyMemoryKiB=65536, maxVerifyIterations=10,"
                + " pepper=none]");
  }

  @Test
  void hash_matchesRawArgon2id_overTheSaltItWrites() {
    String stored = FAST.hash("hunter2".toCharArray());
    PhcString parsed = parse(stored);
    byte[] expected =
        Argon2id.compute(
            "hunter2".getBytes(StandardCharsets.UTF_8), parsed.salt(), null, null, 64, 1, 1, 32);
    assertThat(parsed.hash()).isEqualTo(expected);
    assertThat(stored).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
  }

  @Test
  void verify_succeeds_forTheHashedPassword_throughCharArrayAndCharSequence() {
    char[] password = "s3cret-Pa55".toCharArray();
    String fromArray = FAST.hash(password);
    String fromString = FAST.hash("s3cret-Pa55");

    assertThat(FAST.verify(fromArray, "s3cret-Pa55")).isTrue();
    assertThat(FAST.verify(fromString, password)).isTrue();
    assertThat(FAST.verify(fromString, new StringBuilder("s3cret-Pa55"))).isTrue();
    assertThat(password).isEqualTo("s3cret-Pa55".toCharArray()); // read, not modified
  }

  @Test
  void verify_fails_whenPasswordDiffers() {
    String stored = FAST.hash("s3cret-Pa55".toCharArray());
    for (String other :
        List.of("s3cret-Pa56", "S3cret-Pa55", "s3cret-Pa55 ", " s3cret-Pa55", "s3cret-Pa5", "")) {
      assertThat(FAST.verify(stored, other.toCharArray())).as(other).isFalse();
    }
  }

  @Test
  void verify_fails_whenStoredHashHasOneBitFlipped() {
    String stored = FAST.hash("s3cret".toCharArray());
    PhcString parsed = parse(stored);
    byte[] hash = parsed.hash();
    hash[hash.length - 1] ^= 0x01;
    String tampered = PhcString.format(64, 1, 1, parsed.salt(), hash);
    assertThat(FAST.verify(tampered, "s3cret")).isFalse();
  }

  @Test
  void verify_usesParametersInTheString_notTheHashersOwn() {
    PasswordHasher other =
        PasswordHasher.builder()
            .memoryKiB(128)
            .iterations(3)
            .parallelism(2)
            .saltLength(24)
            .hashLength(64)
            .insecureAllowWeakParameters()
            .build();
    String stored = other.hash("pw".toCharArray());
    assertThat(stored).startsWith("$argon2id$v=19$m=128,t=3,p=2$");
    assertThat(parse(stored).saltLength()).isEqualTo(24);
    assertThat(parse(stored).hashLength()).isEqualTo(64);

    assertThat(FAST.verify(stored, "pw")).isTrue();
    assertThat(PasswordHasher.defaults().verify(stored, "pw")).isTrue();
    assertThat(FAST.verify(REFERENCE_M256, "password")).isTrue();
    assertThat(FAST.verify(REFERENCE_M256, "differentpassword")).isFalse();
  }

  @Test
  void hash_drawsFreshSalt_eachTime() {
    Set<String> salts = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      String stored = FAST.hash("same password".toCharArray());
      String[] fields = stored.split("\\$");
      salts.add(fields[4]);
      hashes.add(fields[5]);
      assertThat(FAST.verify(stored, "same password")).isTrue();
    }
    assertThat(salts).hasSize(50);
    assertThat(hashes).hasSize(50);
  }

  @Test
  void hash_writesConfiguredSaltAndHashLengths() {
    PasswordHasher hasher = fast().saltLength(64).hashLength(16).build();
    String stored = hasher.hash("pw".toCharArray());
    assertThat(parse(stored).saltLength()).isEqualTo(64);
    assertThat(parse(stored).hashLength()).isEqualTo(16);
    assertThat(hasher.verify(stored, "pw")).isTrue();
    String[] fields = stored.split("\\$");
    assertThat(fields[4]).hasSize(86).doesNotContain("="); // 64 bytes, unpadded
    assertThat(fields[5]).hasSize(22).doesNotContain("="); // 16 bytes, unpadded
  }

  @Test
  void hash_encodesUtf8_includingSupplementaryCharacters() {
    String password = "pässwörd €ñ 日本語 \uD83D\uDE00 \u0000 end";
    String stored = FAST.hash(password.toCharArray());
    PhcString parsed = parse(stored);
    byte[] expected =
        Argon2id.compute(
            password.getBytes(StandardCharsets.UTF_8), parsed.salt(), null, null, 64, 1, 1, 32);
    assertThat(parsed.hash()).isEqualTo(expected);
    assertThat(FAST.verify(stored, password)).isTrue();
    // Latin-1 or UTF-16 bytes of the same text must not match.
    byte[] latin1 =
        Argon2id.compute(
            password.getBytes(StandardCharsets.ISO_8859_1),
            parsed.salt(),
            null,
            null,
            64,
            1,
            1,
            32);
    assertThat(parsed.hash()).isNotEqualTo(latin1);
  }

  @Test
  void verify_doesNotNormalizeUnicode() {
    String nfc = Normalizer.normalize("caf\u00e9", Normalizer.Form.NFC);
    String nfd = Normalizer.normalize("caf\u00e9", Normalizer.Form.NFD);
    assertThat(nfc).isNotEqualTo(nfd);
    String stored = FAST.hash(nfc);
    assertThat(FAST.verify(stored, nfc)).isTrue();
    assertThat(FAST.verify(stored, nfd)).isFalse();
  }

  @Test
  void hash_acceptsEmptyPassword() {
    String stored = FAST.hash(new char[0]);
    assertThat(FAST.verify(stored, "")).isTrue();
    assertThat(FAST.verify(stored, " ")).isFalse();
    assertThat(FAST.verify(stored, "\u0000")).isFalse();
  }

  @Test
  void hash_acceptsPasswordOfExactlyMaxPasswordBytes() {
    String password = "a".repeat(1021) + "\u20ac"; // 1021 + 3 = 1024 bytes
    String stored = FAST.hash(password);
    assertThat(FAST.verify(stored, password)).isTrue();
  }

  @Test
  void hash_rejects_passwordLongerThanMaxPasswordBytes_countingUtf8Bytes() {
    String ascii = "x".repeat(1025);
    assertThatThrownBy(() -> FAST.hash(ascii.toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("password must be at most 1024 bytes in UTF-8, was 1025 bytes");

    // 342 characters, 1026 bytes: the limit counts bytes, not characters.
    String euros = "\u20ac".repeat(342);
    assertThatThrownBy(() -> FAST.hash(euros))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("password must be at most 1024 bytes in UTF-8, was 1026 bytes")
        .message()
        .doesNotContain("\u20ac");

    PasswordHasher small = fast().maxPasswordBytes(8).build();
    assertThatThrownBy(() -> small.hash("hunter2hunter2"))
        .hasMessage("password must be at most 8 bytes in UTF-8, was 14 bytes")
        .message()
        .doesNotContain("hunter");
  }

  @Test
  void verify_returnsFalse_forPasswordLongerThanMaxPasswordBytes() {
    PasswordHasher roomy = fast().maxPasswordBytes(2048).build();
    String password = "y".repeat(1500);
    String stored = roomy.hash(password);

    assertThat(roomy.verify(stored, password)).isTrue();
    assertThat(FAST.verify(stored, password)).isFalse(); // same parameters, lower limit
    assertThat(FAST.verifyAgainstDummy(password)).isFalse();
  }

  @Test
  void unpairedSurrogate_isRejectedByHash_andNeverMatches() {
    for (String bad : List.of("\uD800", "a\uDC00b", "ab\uD83D", "\uDE00\uD83D")) {
      assertThatThrownBy(() -> FAST.hash(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "password is not well-formed UTF-16 (it holds an unpaired surrogate) and cannot be"
                  + " encoded as UTF-8");
      // String.getBytes would turn the surrogate into '?': that password must not match.
      String question = new String(bad.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      String stored = FAST.hash(question);
      assertThat(FAST.verify(stored, question)).isTrue();
      assertThat(FAST.verify(stored, bad)).isFalse();
    }
  }

  // ---- needsRehash ------------------------------------------------------------------------------

  private static String phc(int m, int t, int p, int saltLength, int hashLength) {
    return PhcString.format(m, t, p, new byte[saltLength], new byte[hashLength]);
  }

  @Test
  void needsRehash_isFalse_forCurrentOrStrongerParameters() {
    PasswordHasher hasher = PasswordHasher.defaults();
    assertThat(hasher.needsRehash(hasher.hash("pw".toCharArray()))).isFalse();
    assertThat(hasher.needsRehash(phc(19456, 2, 1, 16, 32))).isFalse();
    assertThat(hasher.needsRehash(phc(65536, 2, 1, 16, 32))).isFalse();
    assertThat(hasher.needsRehash(phc(19456, 3, 4, 32, 64))).isFalse();
  }

  @Test
  void needsRehash_isTrue_whenAnyStoredParameterIsBelowTheCurrentOnes() {
    PasswordHasher hasher = PasswordHasher.defaults();
    assertThat(hasher.needsRehash(phc(19455, 2, 1, 16, 32))).as("memory").isTrue();
    assertThat(hasher.needsRehash(phc(65536, 1, 1, 16, 32))).as("iterations").isTrue();
    assertThat(hasher.needsRehash(phc(19456, 2, 1, 15, 32))).as("salt").isTrue();
    assertThat(hasher.needsRehash(phc(19456, 2, 1, 16, 31))).as("hash").isTrue();
    assertThat(hasher.needsRehash(REFERENCE_M65536)).as("8-byte salt").isTrue();
    PasswordHasher twoLanes = PasswordHasher.builder().parallelism(2).build();
    assertThat(twoLanes.needsRehash(phc(19456, 2, 1, 16, 32))).as("parallelism").isTrue();
    assertThat(twoLanes.needsRehash(phc(19456, 2, 2, 16, 32))).isFalse();
  }

  @Test
  void needsRehash_isTrue_forStringsVerifyRejects() {
    PasswordHasher hasher = PasswordHasher.defaults();
    assertThat(hasher.needsRehash("")).isTrue();
    assertThat(hasher.needsRehash("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"))
        .isTrue();
    assertThat(hasher.needsRehash(REFERENCE_M65536.replace("argon2id", "argon2i"))).isTrue();
    assertThat(hasher.needsRehash(REFERENCE_M65536.replace("v=19", "v=16"))).isTrue();
    assertThat(hasher.needsRehash(phc(131072, 2, 1, 16, 32))).as("above verify memory").isTrue();
    assertThat(hasher.needsRehash(phc(19456, 11, 1, 16, 32))).as("above verify passes").isTrue();
  }

  // ---- malformed stored hashes ------------------------------------------------------------------

  static Stream<Arguments> malformed() {
    String v = REFERENCE_M65536;
    String params = "$argon2id$v=19$m=65536,t=2,p=1$";
    String tail = "$" + SALT_B64 + "$" + HASH_B64;
    String shape =
        PHC_PREFIX + "expected $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>";
    String parameters = PHC_PREFIX + "parameters must be exactly m=<KiB>,t=<iterations>,p=<lanes>";
    String version = PHC_PREFIX + "the version must be v=19 (Argon2 1.3)";
    String notArgon2 = PHC_PREFIX + "the algorithm identifier is not argon2id";
    String mNumber =
        PHC_PREFIX + "m must be a decimal number without sign or leading zeros, below 2^31";
    String saltB64 =
        PHC_PREFIX + "salt must be unpadded, canonical standard base64 (A-Z a-z 0-9 + /)";
    String hashB64 =
        PHC_PREFIX + "hash must be unpadded, canonical standard base64 (A-Z a-z 0-9 + /)";
    String b64of65 = Base64.getEncoder().withoutPadding().encodeToString(new byte[65]);
    return Stream.of(
        Arguments.of("empty", "", shape),
        Arguments.of("just a dollar", "$", shape),
        Arguments.of("no leading dollar", v.substring(1), shape),
        Arguments.of("leading space", " " + v, shape),
        Arguments.of("truncated after version", "$argon2id$v=19", shape),
        Arguments.of("truncated in parameters", "$argon2id$v=19$m=65536,t=2", shape),
        Arguments.of("truncated before hash", params + SALT_B64, shape),
        Arguments.of("truncated hash", v.substring(0, v.length() - 1), hashB64),
        Arguments.of("hash missing", params + SALT_B64 + "$", PHC_PREFIX
            + "hash length must be between 16 and 64, was 0"),
        Arguments.of("salt missing", params + "$" + HASH_B64, PHC_PREFIX
            + "salt length must be between 8 and 64, was 0"),
        Arguments.of("extra field", v + "$AAAA", shape),
        Arguments.of("trailing dollar", v + "$", shape),
        Arguments.of("trailing newline", v + "\n", hashB64),
        Arguments.of("keyid parameter", "$argon2id$v=19$m=65536,t=2,p=1,keyid=AAAA" + tail,
            parameters),
        Arguments.of("data parameter", "$argon2id$v=19$m=65536,t=2,p=1,data=AAAA" + tail,
            parameters),
        Arguments.of("parameters reordered", "$argon2id$v=19$t=2,m=65536,p=1" + tail, parameters),
        Arguments.of("p missing", "$argon2id$v=19$m=65536,t=2" + tail, parameters),
        Arguments.of("space in parameters", "$argon2id$v=19$m=65536, t=2,p=1" + tail, parameters),
        Arguments.of("upper-case M", "$argon2id$v=19$M=65536,t=2,p=1" + tail, parameters),
        Arguments.of("argon2i", v.replace("argon2id", "argon2i"),
            PHC_PREFIX + "variant argon2i is not accepted, only argon2id"),
        Arguments.of("argon2d", v.replace("argon2id", "argon2d"),
            PHC_PREFIX + "variant argon2d is not accepted, only argon2id"),
        Arguments.of("upper-case algorithm", v.replace("argon2id", "ARGON2ID"), notArgon2),
        Arguments.of("bcrypt", "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
            notArgon2),
        Arguments.of("scrypt",
            "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q"
                + "$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E",
            notArgon2),
        Arguments.of("v=16", v.replace("v=19", "v=16"), version),
        Arguments.of("v=019", v.replace("v=19", "v=019"), version),
        Arguments.of("version missing", "$argon2id$m=65536,t=2,p=1" + tail, version),
        Arguments.of("m empty", params.replace("m=65536", "m=") + SALT_B64 + "$" + HASH_B64,
            mNumber),
        Arguments.of("m not numeric", v.replace("m=65536", "m=6553x"), mNumber),
        Arguments.of("m with plus sign", v.replace("m=65536", "m=+65536"), mNumber),
        Arguments.of("m negative", v.replace("m=65536", "m=-65536"), mNumber),
        Arguments.of("m in hex", v.replace("m=65536", "m=0x100"), mNumber),
        Arguments.of("m with leading zero", v.replace("m=65536", "m=065536"), mNumber),
        Arguments.of("m overflows int", v.replace("m=65536", "m=2147483648"), mNumber),
        Arguments.of("m with 11 digits", v.replace("m=65536", "m=10000000000"), mNumber),
        Arguments.of("t with leading zero", v.replace("t=2", "t=02"), PHC_PREFIX
            + "t must be a decimal number without sign or leading zeros, below 2^31"),
        Arguments.of("p full-width digit", v.replace("p=1", "p=\uFF11"), PHC_PREFIX
            + "p must be a decimal number without sign or leading zeros, below 2^31"),
        Arguments.of("t zero", v.replace("t=2", "t=0"),
            PHC_PREFIX + "t must be between 1 and 2147483647, was 0"),
        Arguments.of("p zero", v.replace("p=1", "p=0"),
            PHC_PREFIX + "p must be between 1 and 16, was 0"),
        Arguments.of("p huge", v.replace("p=1", "p=255"),
            PHC_PREFIX + "p must be between 1 and 16, was 255"),
        Arguments.of("m below 8 KiB per lane", v.replace("m=65536,t=2,p=1", "m=15,t=2,p=2"),
            PHC_PREFIX + "m (at least 8 KiB per lane) must be between 16 and 2147483647, was 15"),
        Arguments.of("m huge", v.replace("m=65536", "m=2147483647"),
            "password hash asks for m=2147483647, above maxVerifyMemoryKiB 65536; raise the limit"
                + " if hashes this expensive are expected"),
        Arguments.of("t huge", v.replace("t=2", "t=4294967"),
            "password hash asks for t=4294967, above maxVerifyIterations 10; raise the limit if"
                + " hashes this expensive are expected"),
        Arguments.of("salt padded", v.replace(SALT_B64, SALT_B64 + "="), saltB64),
        Arguments.of("hash padded", v + "=", hashB64),
        Arguments.of("salt base64url", params + "c29tZXNhbHQ-" + "$" + HASH_B64, saltB64),
        Arguments.of("hash base64url", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$"
            + "nf65EOgLrQMR_uIPnA4rEsF5h7TKyQwu9U1bMCHGi_4", hashB64),
        Arguments.of("salt non-canonical bits", v.replace(SALT_B64, "c29tZXNhbHR"), saltB64),
        Arguments.of("hash non-canonical bits", v.replace(HASH_B64,
            HASH_B64.substring(0, 42) + "d"), hashB64),
        Arguments.of("salt impossible length", v.replace(SALT_B64, SALT_B64 + "AA"), saltB64),
        Arguments.of("salt with space", v.replace(SALT_B64, "c29tZXN hbHQ"), saltB64),
        Arguments.of("non-ASCII in hash", v.replace(HASH_B64, HASH_B64.substring(0, 42) + "\u00e9"),
            hashB64),
        Arguments.of("salt too short", v.replace(SALT_B64, "c29tZXNhbA"),
            PHC_PREFIX + "salt length must be between 8 and 64, was 7"),
        Arguments.of("salt too long", v.replace(SALT_B64, b64of65),
            PHC_PREFIX + "salt length must be between 8 and 64, was 65"),
        Arguments.of("hash too short", v.replace(HASH_B64, "AAAAAAAAAAAAAAAAAAAA"),
            PHC_PREFIX + "hash length must be between 16 and 64, was 15"),
        Arguments.of("hash too long", v.replace(HASH_B64, b64of65),
            PHC_PREFIX + "hash length must be between 16 and 64, was 65"),
        Arguments.of("too long", v + "A".repeat(256 - v.length() + 1),
            PHC_PREFIX + "it must be at most 256 characters, was 257"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void verify_throws_forMalformedStoredHash_withoutEchoingIt(
      String name, String stored, String message) {
    Consumer<Throwable> echoesNothing =
        e -> {
          assertThat(e.getMessage()).doesNotContain(SALT_B64).doesNotContain(HASH_B64);
          if (stored.length() > 20) {
            assertThat(e.getMessage()).doesNotContain(stored);
          }
          assertThat(e.getMessage()).doesNotContain("hunter2");
        };
    assertThatThrownBy(() -> PasswordHasher.defaults().verify(stored, "hunter2".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message)
        .hasNoCause()
        .satisfies(echoesNothing);
    // The right password does not change the answer for a broken string, and needsRehash says yes.
    assertThatThrownBy(() -> PasswordHasher.defaults().verify(stored, "password"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThat(PasswordHasher.defaults().needsRehash(stored)).isTrue();
  }

  @Test
  void verify_acceptsStringsAtTheEdgesOfTheBounds() {
    // Smallest accepted salt (8) and hash (16), most lanes (16) at their minimum memory (128).
    PasswordHasher hasher = PasswordHasher.defaults();
    byte[] salt = "8bytes!!".getBytes(StandardCharsets.US_ASCII);
    byte[] tag =
        Argon2id.compute("pw".getBytes(StandardCharsets.UTF_8), salt, null, null, 128, 1, 16, 16);
    String stored = PhcString.format(128, 1, 16, salt, tag);
    assertThat(hasher.verify(stored, "pw")).isTrue();
    assertThat(hasher.verify(stored, "pW")).isFalse();
    // The verify limits are inclusive.
    PasswordHasher limited = fast().maxVerifyMemoryKiB(128).maxVerifyIterations(1).build();
    assertThat(limited.verify(stored, "pw")).isTrue();
    PasswordHasher tighter = fast().maxVerifyMemoryKiB(127).build();
    assertThatThrownBy(() -> tighter.verify(stored, "pw"))
        .hasMessage(
            "password hash asks for m=128, above maxVerifyMemoryKiB 127; raise the limit if hashes"
                + " this expensive are expected");
  }

  @Test
  void nullArguments_throwNullPointerException_namingTheArgument() {
    String stored = FAST.hash("pw");
    assertThatThrownBy(() -> FAST.hash((char[]) null)).hasMessage("password");
    assertThatThrownBy(() -> FAST.hash((CharSequence) null)).hasMessage("password");
    assertThatThrownBy(() -> FAST.verify(null, "pw")).hasMessage("phcHash");
    assertThatThrownBy(() -> FAST.verify(stored, (char[]) null)).hasMessage("password");
    assertThatThrownBy(() -> FAST.verify(stored, (CharSequence) null)).hasMessage("password");
    assertThatThrownBy(() -> FAST.needsRehash(null)).hasMessage("phcHash");
    assertThatThrownBy(() -> FAST.verifyAgainstDummy((char[]) null)).hasMessage("password");
    assertThatThrownBy(() -> PasswordHasher.builder().pepper(null)).hasMessage("pepper");
  }

  // ---- pepper -----------------------------------------------------------------------------------

  private static final byte[] PEPPER_A =
      HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  private static final byte[] PEPPER_B =
      HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");

  @Test
  void pepper_isArgon2SecretInput_andRequiredToVerify() {
    PasswordHasher pepperA = fast().pepper(SecretBytes.copyOf(PEPPER_A)).build();
    PasswordHasher pepperAagain = fast().pepper(SecretBytes.copyOf(PEPPER_A)).build();
    PasswordHasher pepperB = fast().pepper(SecretBytes.copyOf(PEPPER_B)).build();

    String peppered = pepperA.hash("pw".toCharArray());
    PhcString parsed = parse(peppered);
    byte[] withSecret =
        Argon2id.compute(
            "pw".getBytes(StandardCharsets.UTF_8), parsed.salt(), PEPPER_A, null, 64, 1, 1, 32);
    assertThat(parsed.hash()).isEqualTo(withSecret);

    assertThat(pepperA.verify(peppered, "pw")).isTrue();
    assertThat(pepperAagain.verify(peppered, "pw")).isTrue();
    assertThat(pepperB.verify(peppered, "pw")).isFalse();
    assertThat(FAST.verify(peppered, "pw")).isFalse();

    String plain = FAST.hash("pw".toCharArray());
    assertThat(FAST.verify(plain, "pw")).isTrue();
    assertThat(pepperA.verify(plain, "pw")).isFalse();
  }

  @Test
  void pepper_isCopied_soDestroyingTheCallersSecretDoesNotBreakTheHasher() {
    SecretBytes pepper = SecretBytes.copyOf(PEPPER_A);
    PasswordHasher.Builder builder = fast().pepper(pepper);
    pepper.destroy();
    PasswordHasher hasher = builder.build();
    String stored = hasher.hash("pw");
    assertThat(hasher.verify(stored, "pw")).isTrue();
    assertThat(fast().pepper(SecretBytes.copyOf(PEPPER_A)).build().verify(stored, "pw")).isTrue();
  }

  @Test
  void toString_showsParameters_neverThePepper() {
    PasswordHasher hasher =
        PasswordHasher.builder()
            .memoryKiB(12288)
            .iterations(3)
            .pepper(SecretBytes.copyOf(PEPPER_A))
            .build();
    String text = hasher.toString();
    assertThat(text)
        .isEqualTo(
            "PasswordHasher[argon2id, v=19, m=12288, t=3, p=1, saltLength=16, hashLength=32,"
                + " maxPasswordBytes=1024, maxVerifyMemoryKiB=65536, maxVerifyIterations=10,"
                + " pepper=[redacted]]");
    assertThat(text)
        .doesNotContain(HexFormat.of().formatHex(PEPPER_A))
        .doesNotContain(Base64.getEncoder().encodeToString(PEPPER_A))
        .doesNotContain(Arrays.toString(PEPPER_A));
    assertThat(FAST.toString()).endsWith("pepper=none, insecureAllowWeakParameters]");
  }

  @Test
  void pepper_rejectsDestroyedSecret() {
    SecretBytes pepper = SecretBytes.copyOf(PEPPER_A);
    pepper.destroy();
    assertThatThrownBy(() -> PasswordHasher.builder().pepper(pepper))
        .isInstanceOf(IllegalStateException.class);
  }

  // ---- builder validation -----------------------------------------------------------------------

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.memoryKiB(7),
            "argon2 memoryKiB must be between 8 and 4194304, was 7"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.memoryKiB(4194305),
            "argon2 memoryKiB must be between 8 and 4194304, was 4194305"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.iterations(0),
            "argon2 iterations must be between 1 and 100, was 0"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.iterations(101),
            "argon2 iterations must be between 1 and 100, was 101"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.parallelism(0),
            "argon2 parallelism must be between 1 and 16, was 0"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.parallelism(17),
            "argon2 parallelism must be between 1 and 16, was 17"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.saltLength(15),
            "argon2 saltLength must be between 16 and 64, was 15"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.saltLength(65),
            "argon2 saltLength must be between 16 and 64, was 65"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.hashLength(15),
            "argon2 hashLength must be between 16 and 64, was 15"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.hashLength(65),
            "argon2 hashLength must be between 16 and 64, was 65"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.maxPasswordBytes(0),
            "maxPasswordBytes must be between 1 and 65536, was 0"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.maxPasswordBytes(65537),
            "maxPasswordBytes must be between 1 and 65536, was 65537"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.maxVerifyMemoryKiB(7),
            "argon2 maxVerifyMemoryKiB must be between 8 and 4194304, was 7"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.maxVerifyIterations(0),
            "argon2 maxVerifyIterations must be between 1 and 100, was 0"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.pepper(SecretBytes.copyOf(new byte[15])),
            "argon2 pepper length must be between 16 and 64, was 15"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.pepper(SecretBytes.copyOf(new byte[65])),
            "argon2 pepper length must be between 16 and 64, was 65"));
  }

  @ParameterizedTest
  @MethodSource("outOfRange")
  void builder_rejects_outOfRangeSetting_namingSettingAndRange(
      Consumer<PasswordHasher.Builder> setting, String message) {
    PasswordHasher.Builder builder = PasswordHasher.builder();
    assertThatThrownBy(() -> setting.accept(builder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    // A rejected value leaves the setting unset, and the builder still builds the defaults.
    assertThat(builder.build().toString()).isEqualTo(PasswordHasher.defaults().toString());
  }

  static Stream<Arguments> setTwice() {
    SecretBytes pepper = SecretBytes.copyOf(PEPPER_A);
    return Stream.of(
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.memoryKiB(19456), "argon2 memoryKiB"),
        Arguments.of((Consumer<PasswordHasher.Builder>) b -> b.iterations(2), "argon2 iterations"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.parallelism(1), "argon2 parallelism"),
        Arguments.of((Consumer<PasswordHasher.Builder>) b -> b.saltLength(16), "argon2 saltLength"),
        Arguments.of((Consumer<PasswordHasher.Builder>) b -> b.hashLength(32), "argon2 hashLength"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.maxPasswordBytes(1024), "maxPasswordBytes"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.maxVerifyMemoryKiB(65536),
            "argon2 maxVerifyMemoryKiB"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) b -> b.maxVerifyIterations(10),
            "argon2 maxVerifyIterations"),
        Arguments.of((Consumer<PasswordHasher.Builder>) b -> b.pepper(pepper), "argon2 pepper"),
        Arguments.of(
            (Consumer<PasswordHasher.Builder>) PasswordHasher.Builder::insecureAllowWeakParameters,
            "insecureAllowWeakParameters"));
  }

  @ParameterizedTest
  @MethodSource("setTwice")
  void builder_rejects_settingTwice(Consumer<PasswordHasher.Builder> setting, String name) {
    PasswordHasher.Builder builder = PasswordHasher.builder();
    setting.accept(builder);
    assertThatThrownBy(() -> setting.accept(builder))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(name + " was already set");
  }

  @Test
  void build_rejects_parametersBelowEveryOwaspMinimum() {
    assertThatThrownBy(() -> PasswordHasher.builder().memoryKiB(19455).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "argon2 memoryKiB=19455 with iterations=2 is below every OWASP minimum"
                + " (memoryKiB/iterations: 47104/1, 19456/2, 12288/3, 9216/4, 7168/5); raise them,"
                + " or call insecureAllowWeakParameters() in tests only");
    int[][] owasp = {{47104, 1}, {19456, 2}, {12288, 3}, {9216, 4}, {7168, 5}};
    for (int[] pair : owasp) {
      int m = pair[0];
      int t = pair[1];
      assertThat(PasswordHasher.builder().memoryKiB(m).iterations(t).build().toString())
          .startsWith("PasswordHasher[argon2id, v=19, m=" + m + ", t=" + t + ", p=1,");
      assertThatThrownBy(() -> PasswordHasher.builder().memoryKiB(m - 1).iterations(t).build())
          .as("m=%d t=%d", m - 1, t)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("below every OWASP minimum");
      assertThat(
              PasswordHasher.builder()
                  .memoryKiB(m - 1)
                  .iterations(t)
                  .insecureAllowWeakParameters()
                  .build()
                  .toString())
          .contains("m=" + (m - 1) + ", t=" + t, "insecureAllowWeakParameters");
    }
    // More passes make up for less memory down to 7168 KiB, and no further.
    assertThat(PasswordHasher.builder().memoryKiB(7168).iterations(100).build().toString())
        .startsWith("PasswordHasher[argon2id, v=19, m=7168, t=100, p=1,");
    assertThatThrownBy(() -> PasswordHasher.builder().memoryKiB(7167).iterations(100).build())
        .hasMessageContaining("below every OWASP minimum");
  }

  @Test
  void build_rejects_memoryBelowEightKiBPerLane() {
    assertThatThrownBy(() -> fast().parallelism(16).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("argon2 memoryKiB must be at least 8 * parallelism = 128, was 64");
    assertThat(fast().parallelism(8).build().verify(fast().parallelism(8).build().hash("x"), "x"))
        .isTrue();
  }

  @Test
  void build_rejects_verifyLimitsBelowHashingParameters() {
    assertThatThrownBy(() -> PasswordHasher.builder().maxVerifyMemoryKiB(19455).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "argon2 maxVerifyMemoryKiB (19455) must be at least argon2 memoryKiB (19456)");
    assertThatThrownBy(() -> PasswordHasher.builder().maxVerifyIterations(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("argon2 maxVerifyIterations (1) must be at least argon2 iterations (2)");
  }

  @Test
  void build_raisesDefaultVerifyLimits_toTheHashingParameters() {
    PasswordHasher heavy = PasswordHasher.builder().memoryKiB(131072).iterations(12).build();
    assertThat(heavy.toString())
        .contains("m=131072, t=12,")
        .contains("maxVerifyMemoryKiB=131072, maxVerifyIterations=12,");
  }

  // ---- unknown users ----------------------------------------------------------------------------

  @Test
  void verifyAgainstDummy_returnsFalse_evenForPasswordsThatVerifyElsewhere() {
    for (String password : List.of("", "pw", "password", "x".repeat(1024))) {
      assertThat(FAST.verifyAgainstDummy(password)).isFalse();
      assertThat(FAST.verifyAgainstDummy(password.toCharArray())).isFalse();
    }
  }

  @Test
  void verifyAgainstDummy_spendsAboutTheTimeOfARealVerification() {
    PasswordHasher hasher = PasswordHasher.defaults();
    String stored = hasher.hash("the real password".toCharArray());
    char[] wrong = "a wrong password".toCharArray();
    hasher.verify(stored, wrong); // warm up
    hasher.verifyAgainstDummy(wrong);
    long verify = Long.MAX_VALUE;
    long dummy = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      hasher.verify(stored, wrong);
      verify = Math.min(verify, System.nanoTime() - start);
      start = System.nanoTime();
      hasher.verifyAgainstDummy(wrong);
      dummy = Math.min(dummy, System.nanoTime() - start);
    }
    // Same parameters, same work: the fastest of five runs each, within a factor of 4, catches a
    // dummy that skips or shrinks the hash (a factor of 1000 or more) without being flaky on a
    // busy machine.
    assertThat(dummy).as("dummy %d ns vs verify %d ns", dummy, verify).isGreaterThan(verify / 4);
    assertThat(dummy).as("dummy %d ns vs verify %d ns", dummy, verify).isLessThan(verify * 4);
  }

  // ---- thread safety ----------------------------------------------------------------------------

  @Test
  void oneInstance_isSafeAcrossThreads_againstKnownAnswers() throws Exception {
    PasswordHasher shared = fast().build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        int id = thread;
        results.add(
            pool.submit(
                () -> {
                  List<String> failures = new ArrayList<>();
                  for (int i = 0; i < 25; i++) {
                    String password = "pw-" + id + "-" + i;
                    String stored = shared.hash(password.toCharArray());
                    if (!shared.verify(stored, password)) {
                      failures.add(password + " did not verify");
                    }
                    if (shared.verify(stored, password + "!")) {
                      failures.add(password + "! verified");
                    }
                    if (!shared.verify(REFERENCE_M256, "password")) {
                      failures.add("reference string did not verify");
                    }
                  }
                  return failures;
                }));
      }
      List<String> failures = new ArrayList<>();
      for (Future<List<String>> result : results) {
        failures.addAll(result.get(60, TimeUnit.SECONDS));
      }
      assertThat(failures).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void verify_refusesAPlantedHashAboveTheDefaultCostLimit() {
    // Review finding: m=65536 and t=10 were each within their own limit, together 17x the cost.
    PasswordHasher hasher = PasswordHasher.defaults();
    String planted = "$argon2id$v=19$m=65536,t=10,p=16$c29tZXNhbHRzb21lc2FsdA$"
        + "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    assertThatThrownBy(() -> hasher.verify(planted, "password".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "password hash asks for m*t=655360, above the verify cost limit 262144");
    assertThat(hasher.needsRehash(planted)).isTrue();
    // The reference tool's own default memory at t=2 is well inside.
    String m65536t2 =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    assertThat(hasher.verify(m65536t2, "password".toCharArray())).isTrue();
  }

  @Test
  void verify_acceptsOtherLibrariesDefaultHashes_underTheDefaultLimits() {
    // Review finding: the default cost limit was 4 * 19456 * 2 = 155648, so argon2-cffi's default
    // (m*t = 196608) threw and users migrating from Python could never log in.
    PasswordHasher hasher = PasswordHasher.defaults();
    for (String stored : List.of(ARGON2_CFFI_DEFAULT, PHP_DEFAULT)) {
      assertThat(hasher.verify(stored, "correct horse battery staple")).as(stored).isTrue();
      assertThat(hasher.verify(stored, "correct horse battery stapler")).as(stored).isFalse();
      assertThat(hasher.needsRehash(stored)).as(stored).isFalse();
    }
  }

  @Test
  void verify_refusesAHashJustAboveTheDefaultCostLimit() {
    // m=52429 and t=5 are each within their own limit; m*t = 262145 is one above the cost limit.
    PasswordHasher hasher = PasswordHasher.defaults();
    String justOver = "$argon2id$v=19$m=52429,t=5,p=1$" + SALT_B64 + "$" + HASH_B64;
    assertThatThrownBy(() -> hasher.verify(justOver, "password"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "password hash asks for m*t=262145, above the verify cost limit 262144");
    assertThat(hasher.needsRehash(justOver)).isTrue();
    // Memory is still capped on its own: 64 MiB + 1 KiB at one pass is refused.
    String overMemory = "$argon2id$v=19$m=65537,t=1,p=1$" + SALT_B64 + "$" + HASH_B64;
    assertThatThrownBy(() -> hasher.verify(overMemory, "password"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxVerifyMemoryKiB");
  }

  @Test
  void build_defaultCostLimit_followsTheHashingCost_whenThatIsLarger() {
    // m=65536,t=2 hashing: 4x its cost (524288) is above the fixed default and becomes the limit.
    PasswordHasher hasher = PasswordHasher.builder().memoryKiB(65536).iterations(2).build();
    String t9 = "$argon2id$v=19$m=65536,t=9,p=1$" + SALT_B64 + "$" + HASH_B64;
    assertThatThrownBy(() -> hasher.verify(t9, "password"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("password hash asks for m*t=589824, above the verify cost limit 524288");
  }
}
