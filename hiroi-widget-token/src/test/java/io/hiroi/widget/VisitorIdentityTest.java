package io.hiroi.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.crypto.KeyRing;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VisitorIdentityTest {
  private final KeyRing ring = KeyRing.builder().addKey(1, WidgetSessionTokensTest.MASTER_1).primary(1).build();
  private final VisitorIdentity identity = VisitorIdentity.create(ring);

  /*
   * Known answers, computed independently with python3 (master = bytes 0..31):
   *   python3 -c 'import hmac,hashlib
   *   prk=hmac.new(b"\0"*32,bytes(range(32)),hashlib.sha256).digest()
   *   k=hmac.new(prk,b"hiroi-widget-identity-v1:w42\x01",hashlib.sha256).digest(); print(k.hex())
   *   for v in ["visitor-17","user@example.com","ユーザー"]: print(hmac.new(k,v.encode(),hashlib.sha256).hexdigest())'
   * and the first one again with openssl:
   *   echo -n visitor-17 | openssl dgst -sha256 -mac HMAC -macopt hexkey:2d5ffb0e...a8fa
   */
  private static final String IDENTITY_KEY = "2d5ffb0ece5c0a58283702404ed252048dddecd61e4a3d295525618e5da4a8fa";

  @Test
  void userHash_matchesIndependentlyComputedAnswers() {
    assertThat(HexFormat.of().formatHex(identity.identitySecret("w42").toByteArray())).isEqualTo(IDENTITY_KEY);
    assertThat(identity.userHash("w42", "visitor-17")).isEqualTo("d5aa229a79832bd741a22cf492d6e589ab8e5d7b37bc58c1437ba19e4ba0fc6f");
    assertThat(identity.userHash("w42", "user@example.com")).isEqualTo("e8053cfbb022a722559b5b15b9d879954e58c8644afb36524e25945616fc673b");
    assertThat(identity.userHash("w42", "ユーザー")).isEqualTo("742364340d7a95fddb1608aa43837153d4db4b68cd210a18b6942c5d0640a78f");
  }

  @Test
  void verify_acceptsOnlyTheRightHash() {
    String hash = "d5aa229a79832bd741a22cf492d6e589ab8e5d7b37bc58c1437ba19e4ba0fc6f";
    assertThat(identity.verify("w42", "visitor-17", hash)).isTrue();
    assertThat(identity.verify("w42", "visitor-18", hash)).isFalse();
    assertThat(identity.verify("w43", "visitor-17", hash)).isFalse();
    assertThat(identity.verify("w42", "visitor-17", hash.toUpperCase())).isFalse();
    assertThat(identity.verify("w42", "visitor-17", hash.substring(1))).isFalse();
    assertThat(identity.verify("w42", "visitor-17", hash.substring(0, 63) + "e")).isFalse();
    assertThat(identity.verify("w42", "visitor-17", "zz" + hash.substring(2))).isFalse();
    assertThat(identity.verify("w42", "visitor-17", null)).isFalse();
    assertThat(identity.verify("w42", "", hash)).isFalse();
    assertThat(identity.verify("not valid", "visitor-17", hash)).isFalse();
  }

  @Test
  void identitySecret_isNotTheTokenSigningSecret() {
    WidgetSessionTokens tokens = WidgetSessionTokens.builder(ring).build();
    assertThat(identity.identitySecret("w42").equalsConstantTime(tokens.widgetSecret("w42"))).isFalse();
  }

  @Test
  void rotation_hashesOfEveryKeyIdVerify() {
    KeyRing rotated = ring.toBuilder().addKey(2, WidgetSessionTokensTest.MASTER_2).primary(2).build();
    VisitorIdentity after = VisitorIdentity.create(rotated);
    String old = identity.userHash("w42", "visitor-17");
    String fresh = after.userHash("w42", "visitor-17");
    assertThat(fresh).isNotEqualTo(old);
    assertThat(after.verify("w42", "visitor-17", old)).isTrue();
    assertThat(after.verify("w42", "visitor-17", fresh)).isTrue();
    assertThat(identity.verify("w42", "visitor-17", fresh)).isFalse();
  }

  @Test
  void misuse_isRefusedWithoutSecrets() {
    assertThatThrownBy(() -> identity.userHash("w42", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> identity.userHash("w:42", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> identity.identitySecret("w42", 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key id 9 is not in the key ring");
    assertThat(identity.toString()).isEqualTo("VisitorIdentity[keyIds=[1]]");
    assertThat(identity.identitySecret("w42").toString()).isEqualTo("[redacted]");
  }
}
