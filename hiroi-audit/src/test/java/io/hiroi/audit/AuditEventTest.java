package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.audit.internal.Uuid7;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditEventTest {
  private final FakeClock clock = FakeClock.atRecentTime();

  @Test
  void build_stampsUuid7AndMicrosecondTime_fromTheClock() {
    AuditEvent e = AuditEvent.builder(clock, "auth.login.succeeded").outcome("success").actor("user/42").build();
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-23T10:00:00.123456Z"));
    assertThat(Uuid7.isVersion7(e.id())).isTrue();
    assertThat(e.id().getMostSignificantBits() >>> 16).isEqualTo(clock.instant().toEpochMilli());
    assertThat(e.type()).isEqualTo("auth.login.succeeded");
    assertThat(e.outcome()).contains("success");
    assertThat(e.actor()).contains("user/42");
    assertThat(e.target()).isEmpty();
    assertThat(e.tenant()).isEmpty();
    assertThat(e.ip()).isEmpty();
    assertThat(e.userAgent()).isEmpty();
    assertThat(e.attributes()).isEmpty();
  }

  @Test
  void ids_areUniqueWithinOneMillisecond() {
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(AuditEvent.builder(clock, "x").build().id());
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void attributes_holdStringsIntegersBooleans_andTheRequestId() {
    AuditEvent e =
        AuditEvent.builder(clock, "payment.refund.issued")
            .requestId("req-1")
            .attribute("amount_cents", 1250)
            .attribute("partial", true)
            .attribute("currency", "EUR")
            .build();
    assertThat(e.attributes())
        .containsExactly(
            java.util.Map.entry("amount_cents", 1250L),
            java.util.Map.entry("currency", "EUR"),
            java.util.Map.entry("partial", true),
            java.util.Map.entry("request_id", "req-1"));
  }

  @Test
  void checkpointType_isReservedForTheChain() {
    assertThatThrownBy(() -> AuditEvent.builder(clock, AuditRecord.CHECKPOINT_TYPE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event type audit.checkpoint is reserved for the chain's own checkpoint records");
    assertThat(AuditEvent.builder(clock, "audit.checkpoints").build().type()).isEqualTo("audit.checkpoints");
  }

  @Test
  void misuse_failsWithMessagesNamingTheRule() {
    assertThatThrownBy(() -> AuditEvent.builder(clock, "Auth.Login"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event type must be 1 to 100 characters of lower-case words [a-z0-9_] joined by '.'");
    assertThatThrownBy(() -> AuditEvent.builder(clock, "a..b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditEvent.builder(clock, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditEvent.builder(clock, "x").outcome("OK"))
        .hasMessage("outcome must be 1 to 32 characters of [a-z_]");
    assertThatThrownBy(() -> AuditEvent.builder(clock, "x").actor("a").actor("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("actor was already set");
    assertThatThrownBy(() -> AuditEvent.builder(clock, "x").actor("s3cr3t".repeat(400)))
        .hasMessage("actor must be at most 2048 characters, was 2400");
    assertThatThrownBy(() -> AuditEvent.builder(clock, "x").attribute("bad name", "v"))
        .hasMessage("attribute names must be 1 to 64 characters of [A-Za-z0-9_.-]");
    assertThatThrownBy(() -> AuditEvent.builder(clock, "x").attribute("n", 1L << 53))
        .hasMessage("integer attributes must be at most 2^53 - 1 in magnitude (exact in every JSON reader)");
    assertThatThrownBy(() -> AuditEvent.builder(clock, "x").attribute("a", 1).attribute("a", 2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> AuditEvent.builder(clock, "x").tenant("a\ud800"))
        .hasMessage("tenant holds a lone UTF-16 surrogate, which UTF-8 cannot encode");
    AuditEvent.Builder many = AuditEvent.builder(clock, "x");
    for (int i = 0; i < AuditEvent.MAX_ATTRIBUTES; i++) {
      many.attribute("a" + i, i);
    }
    assertThatThrownBy(() -> many.attribute("one_more", 1)).hasMessage("an event holds at most 32 attributes");
    assertThatThrownBy(() -> AuditEvent.builder(new FakeClock(Instant.parse("1969-12-31T23:59:59Z")), "x").build())
        .hasMessage("clock instant outside 1970-01-01 to 9999-12-31");
  }

  @Test
  void toString_namesTypeAndIdOnly() {
    AuditEvent e = AuditEvent.builder(clock, "auth.login.failed").actor("alice@example.com").ip("198.51.100.7").build();
    assertThat(e.toString()).isEqualTo("AuditEvent[auth.login.failed, " + e.id() + "]");
    assertThat(e).isEqualTo(e).isNotEqualTo(AuditEvent.builder(clock, "auth.login.failed").build());
  }
}
