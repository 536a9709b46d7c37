package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.crypto.CredentialCipher;
import io.hiroi.crypto.CredentialStatus;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.StoredCredential;
import org.junit.jupiter.api.Test;

class ConnectedAccountsTest {
  private final CredentialCipher cipher = CredentialCipher.create(KeyRing.builder().addGeneratedKey(1).primary(1).build());
  private final ConnectedAccounts connected = new ConnectedAccounts(cipher);

  @Test
  void connect_storesOnlyAnEnvelope_thatDecryptsForItsUserOnly() {
    StoredCredential c = connected.connect("u_1");
    assertThat(c.status()).isEqualTo(CredentialStatus.ACTIVE);
    assertThat(c.envelope()).doesNotContain("fcrm_");
    ConnectedAccounts.Use use = connected.use("u_1").orElseThrow();
    assertThat(use.status).isEqualTo(CredentialStatus.ACTIVE);
    assertThat(use.preview).startsWith("fcrm_").hasSize(7);
    assertThat(use.length).isEqualTo(5 + 32);
    assertThat(cipher.decrypt(c.envelope(), "example/credential/u_2/fakecrm").isSuccess()).as("bound to its record").isFalse();
    assertThat(connected.use("u_2")).isEmpty();
  }

  @Test
  void aDamagedEnvelope_becomesInvalidOnce_andRevokedNeverDecrypts() {
    connected.connect("u_1");
    connected.tamper("u_1");
    assertThat(connected.use("u_1").orElseThrow().status).isEqualTo(CredentialStatus.INVALID);
    assertThat(connected.find("u_1").orElseThrow().status()).isEqualTo(CredentialStatus.INVALID);
    connected.connect("u_1");
    assertThat(connected.revoke("u_1").orElseThrow().status()).isEqualTo(CredentialStatus.REVOKED);
    assertThat(connected.use("u_1").orElseThrow().status).isEqualTo(CredentialStatus.REVOKED);
    assertThat(connected.tamper("u_1")).as("only an active credential is damaged by the demo").isEmpty();
  }
}
