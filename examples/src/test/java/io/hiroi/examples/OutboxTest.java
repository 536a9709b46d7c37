package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutboxTest {
  @Test
  void keepsTheNewestEmails_newestFirst_andBounded() {
    Outbox outbox = new Outbox();
    for (int i = 0; i < Outbox.CAPACITY + 5; i++) {
      outbox.send(Instant.ofEpochSecond(i), "a@example.com", "mail " + i, "body", null);
    }
    assertThat(outbox.all()).hasSize(Outbox.CAPACITY);
    assertThat(outbox.all().get(0).subject).isEqualTo("mail " + (Outbox.CAPACITY + 4));
    assertThat(outbox.all().get(0).toString()).doesNotContain("body");
  }
}
