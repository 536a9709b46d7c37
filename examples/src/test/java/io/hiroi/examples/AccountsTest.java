package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccountsTest {
  @Test
  void emails_areNormalised_andTakenOnce() {
    Accounts accounts = new Accounts(new UserFactors());
    Accounts.User u = accounts.create(" Alice@Example.COM ", "$argon2id$x", Instant.EPOCH).orElseThrow();
    assertThat(u.email).isEqualTo("alice@example.com");
    assertThat(u.widgetId).startsWith("wgt_");
    assertThat(accounts.create("alice@example.com", "$argon2id$y", Instant.EPOCH)).isEmpty();
    assertThat(accounts.findByEmail("alice@example.com").orElseThrow().userId()).isEqualTo(u.id);
    accounts.updatePasswordHash(u.id, "$argon2id$z");
    assertThat(accounts.byId(u.id).orElseThrow().passwordHash).isEqualTo("$argon2id$z");
    assertThat(u.toString()).doesNotContain("argon2").doesNotContain("alice");
  }
}
