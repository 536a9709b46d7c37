package io.hiroi.cli.internal;

import static io.hiroi.cli.Hiroi.pipe;
import static io.hiroi.cli.Hiroi.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.cli.Hiroi.Result;
import io.hiroi.crypto.KeyRing;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KeygenCommandTest {
  private static final Pattern ONE_KEY =
      Pattern.compile("\\{\"primary\": (\\d+), \"keys\": \\[\\{\"kid\": (\\d+), \"secret\": \"([A-Za-z0-9+/]{43}=)\"}]}\n");

  @Test
  void keygen_printsAKeyRingWithOneFresh256BitKey_kid1Primary() {
    Result r = run("keygen").assertOk();
    Matcher m = ONE_KEY.matcher(r.out());
    assertThat(m.matches()).as(r.out()).isTrue();
    assertThat(m.group(1)).isEqualTo("1");
    assertThat(m.group(2)).isEqualTo("1");
    assertThat(Base64.getDecoder().decode(m.group(3))).hasSize(32);

    KeyRing ring = KeyRing.fromJson(r.stdout());
    assertThat(ring.primaryKeyId()).isEqualTo(1);
    assertThat(ring.keyIds()).containsExactly(1);
  }

  @Test
  void keygen_withKid_usesThatIdAsPrimary() {
    for (String kid : new String[] {"0", "7", "2147483647"}) {
      KeyRing ring = KeyRing.fromJson(run("keygen", "--kid", kid).assertOk().stdout());
      assertThat(ring.primaryKeyId()).isEqualTo(Integer.parseInt(kid));
      assertThat(ring.keyIds()).containsExactly(Integer.parseInt(kid));
    }
    assertThat(run("keygen", "--kid=9").assertOk().out()).startsWith("{\"primary\": 9,");
  }

  @Test
  void keygen_drawsANewSecretEachTime() {
    assertThat(run("keygen").assertOk().out()).isNotEqualTo(run("keygen").assertOk().out());
  }

  @Test
  void keygen_readsNoInput() {
    assertThat(pipe("ignored input\n", "keygen").assertOk().out()).startsWith("{\"primary\": 1,");
  }

  @Test
  void keygen_withAnInvalidKid_isAUsageError() {
    run("keygen", "--kid", "-1").assertUsageError("key id must be between 0 and 2147483647, was -1");
    run("keygen", "--kid", "abc").assertUsageError("Invalid value for option '--kid'");
    run("keygen", "--kid", "2147483648").assertUsageError("Invalid value for option '--kid'");
    run("keygen", "--kid").assertUsageError("Missing required parameter for option '--kid'");
    run("keygen", "--kid", "1", "--kid", "2").assertUsageError("should be specified only once");
  }
}
