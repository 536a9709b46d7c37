package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.crypto.KeyRing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Factor changes: audited before they are persisted, and other sessions signed out per configuration. */
class FactorChangesTest {
  private static final ClientInfo CLIENT = ClientInfo.of("203.0.113.9", "Mozilla/5.0 (test)");

  private final FakeClock clock = FakeClock.atRecentTime();
  private final SessionManager sessions = SessionManager.builder(InMemorySessionStore.create(1000, clock)).clock(clock).build();
  private final List<String> persisted = new ArrayList<>();

  @TempDir Path dir;

  private List<IssuedSession> signInThrice(String user) {
    List<IssuedSession> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(sessions.create(user, Set.of(AuthFactor.PASSWORD, AuthFactor.TOTP), CLIENT));
    }
    return out;
  }

  private long live(List<IssuedSession> list) {
    return list.stream().filter(s -> sessions.validate(s.token()).isValid()).count();
  }

  @Test
  void removal_isRecordedFirst_thenEndsTheOtherSessions_thenPersists() {
    try (TestAudit audit = new TestAudit(dir)) {
      FactorChanges changes = FactorChanges.builder(sessions).audit(AuthAudit.required(audit.log())).build();
      List<IssuedSession> mine = signInThrice("alice");
      IssuedSession bobs = sessions.create("bob", Set.of(AuthFactor.PASSWORD), CLIENT);
      IssuedSession current = mine.get(1);
      AtomicReference<String> seenAtPersist = new AtomicReference<>();
      FactorChangeOutcome o =
          changes.removed(
              "alice",
              AuthFactor.TOTP,
              current.session().id(),
              CLIENT,
              () -> {
                seenAtPersist.set(audit.ofType(AuthAudit.FACTOR_REMOVED).size() + " record, " + live(mine) + " live");
                persisted.add("totp removed");
              });
      assertThat(o.isApplied()).isTrue();
      assertThat(o.failure()).isEmpty();
      assertThat(o.otherSessionsEnded()).isEqualTo(2);
      assertThat(seenAtPersist.get()).isEqualTo("1 record, 1 live");
      assertThat(persisted).containsExactly("totp removed");
      assertThat(sessions.validate(current.token()).isValid()).isTrue();
      assertThat(sessions.validate(bobs.token()).isValid()).isTrue();
      assertThat(audit.ofType(AuthAudit.FACTOR_REMOVED))
          .singleElement()
          .asString()
          .contains(
              "\"actor\":\"alice\"",
              "\"factor\":\"totp\"",
              "\"others_signed_out\":true",
              "\"session\":\"" + current.session().id().substring(0, 8) + "\"",
              "\"outcome\":\"success\"")
          .doesNotContain(current.session().id());
    }
  }

  @Test
  void byDefault_enablingKeepsOtherSessions_andResettingEndsThem() {
    FactorChanges changes = FactorChanges.builder(sessions).build();
    List<IssuedSession> mine = signInThrice("alice");
    String current = mine.get(0).session().id();
    assertThat(changes.enabled("alice", AuthFactor.PASSKEY, current, CLIENT, () -> persisted.add("passkey")).otherSessionsEnded()).isZero();
    assertThat(live(mine)).isEqualTo(3);
    assertThat(changes.reset("alice", AuthFactor.RECOVERY_CODE, current, CLIENT, () -> persisted.add("codes")).otherSessionsEnded()).isEqualTo(2);
    assertThat(live(mine)).isEqualTo(1);
    assertThat(persisted).containsExactly("passkey", "codes");
  }

  @Test
  void signOutOthersOn_isConfigurable() {
    FactorChanges never = FactorChanges.builder(sessions).signOutOthersOn(Set.of()).build();
    FactorChanges onEnable = FactorChanges.builder(sessions).signOutOthersOn(EnumSet.of(FactorChanges.Change.ENABLED)).build();
    List<IssuedSession> mine = signInThrice("alice");
    String current = mine.get(2).session().id();
    assertThat(never.removed("alice", AuthFactor.TOTP, current, CLIENT, () -> persisted.add("r")).otherSessionsEnded()).isZero();
    assertThat(live(mine)).isEqualTo(3);
    assertThat(onEnable.enabled("alice", AuthFactor.TOTP, current, CLIENT, () -> persisted.add("e")).otherSessionsEnded()).isEqualTo(2);
    assertThat(live(mine)).isEqualTo(1);
    assertThatThrownBy(() -> FactorChanges.builder(sessions).signOutOthersOn(Set.of()).signOutOthersOn(Set.of()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void underRequiredAudit_aChangeWithoutItsRecord_isNotPersisted_andEndsNoSession() {
    TestAudit audit = new TestAudit(dir);
    FactorChanges changes = FactorChanges.builder(sessions).audit(AuthAudit.required(audit.log())).build();
    List<IssuedSession> mine = signInThrice("alice");
    audit.close(); // the sink fails from here on
    for (FactorChangeOutcome o :
        List.of(
            changes.enabled("alice", AuthFactor.TOTP, mine.get(0).session().id(), CLIENT, () -> persisted.add("enabled")),
            changes.removed("alice", AuthFactor.TOTP, mine.get(0).session().id(), CLIENT, () -> persisted.add("removed")),
            changes.reset("alice", AuthFactor.RECOVERY_CODE, mine.get(0).session().id(), CLIENT, () -> persisted.add("reset")))) {
      assertThat(o.isApplied()).isFalse();
      assertThat(o.failure()).contains(FactorChangeOutcome.Failure.AUDIT_UNAVAILABLE);
      assertThat(o.otherSessionsEnded()).isZero();
    }
    assertThat(persisted).isEmpty();
    assertThat(live(mine)).isEqualTo(3);
    // Best effort lets the change through though the record is lost.
    FactorChanges lenient = FactorChanges.builder(sessions).audit(AuthAudit.bestEffort(audit.log())).build();
    assertThat(lenient.removed("alice", AuthFactor.TOTP, mine.get(0).session().id(), CLIENT, () -> persisted.add("removed")).isApplied()).isTrue();
    assertThat(persisted).containsExactly("removed");
  }

  @Test
  void aFailingPersist_isRecordedAsAFailure_andPropagates() {
    try (TestAudit audit = new TestAudit(dir)) {
      FactorChanges changes = FactorChanges.builder(sessions).audit(AuthAudit.required(audit.log())).build();
      IllegalStateException boom = new IllegalStateException("database down");
      assertThatThrownBy(() -> changes.reset("alice", AuthFactor.TOTP, "none", CLIENT, () -> {
            throw boom;
          }))
          .isSameAs(boom);
      List<String> records = audit.ofType(AuthAudit.FACTOR_RESET);
      assertThat(records).hasSize(2);
      assertThat(records.get(0)).contains("\"outcome\":\"success\"");
      assertThat(records.get(1)).contains("\"outcome\":\"failure\"", "\"reason\":\"persist_failed\"");
    }
  }

  @Test
  void whenTheSessionStoreIsDown_aRemovalIsNotPersisted() {
    SessionManager down = SessionManager.builder(new SessionManagerTest.BrokenStore()).clock(clock).build();
    FactorChanges changes = FactorChanges.builder(down).build();
    assertThatThrownBy(() -> changes.removed("alice", AuthFactor.TOTP, "x".repeat(64), CLIENT, () -> persisted.add("removed")))
        .isInstanceOf(AuthStoreException.class);
    assertThat(persisted).isEmpty();
    assertThat(changes.enabled("alice", AuthFactor.TOTP, "x", CLIENT, () -> persisted.add("enabled")).isApplied()).isTrue();
    assertThat(persisted).containsExactly("enabled");
  }

  @Test
  void whenTheSessionStoreIsDown_theSuccessRecordIsFollowedByAFailure() {
    try (TestAudit audit = new TestAudit(dir)) {
      SessionManager down = SessionManager.builder(new SessionManagerTest.BrokenStore()).clock(clock).build();
      FactorChanges changes = FactorChanges.builder(down).audit(AuthAudit.required(audit.log())).build();
      assertThatThrownBy(() -> changes.removed("alice", AuthFactor.TOTP, "x".repeat(64), CLIENT, () -> persisted.add("removed")))
          .isInstanceOf(AuthStoreException.class);
      assertThat(persisted).isEmpty();
      List<String> records = audit.ofType(AuthAudit.FACTOR_REMOVED);
      assertThat(records).hasSize(2);
      assertThat(records.get(0)).contains("\"outcome\":\"success\"");
      assertThat(records.get(1)).contains("\"outcome\":\"failure\"", "\"reason\":\"sessions_not_ended\"");
    }
  }

  @Test
  void noSecretOfTheFactor_reachesTheAuditLog() {
    try (TestAudit audit = new TestAudit(dir)) {
      FactorChanges changes = FactorChanges.builder(sessions).audit(AuthAudit.required(audit.log())).build();
      IssuedSession current = sessions.create("alice", Set.of(AuthFactor.PASSWORD), CLIENT);
      TotpService totp = TotpService.create(KeyRing.builder().addGeneratedKey(1).primary(1).build(), InMemoryTotpReplayGuard.create(10, clock), "Example", clock);
      TotpEnrollment e = totp.enroll("alice", "alice@example.com");
      RecoveryCodeSet codes = RecoveryCodes.create(InMemoryRecoveryCodeStore.create()).generate("alice");
      changes.enabled("alice", AuthFactor.TOTP, current.session().id(), CLIENT, () -> persisted.add(e.storedSecret()));
      changes.reset("alice", AuthFactor.RECOVERY_CODE, current.session().id(), CLIENT, () -> persisted.addAll(codes.codes()));
      assertThat(audit.ofType(AuthAudit.FACTOR_ENABLED)).hasSize(1);
      assertThat(audit.ofType(AuthAudit.FACTOR_RESET)).hasSize(1);
      List<String> secrets = new ArrayList<>(codes.codes());
      secrets.add(e.secretBase32());
      secrets.add(e.storedSecret());
      secrets.add(current.token().substring(8));
      secrets.add(current.session().id());
      for (String line : audit.lines()) {
        for (String secret : secrets) {
          assertThat(line).doesNotContain(secret);
        }
      }
    }
  }
}
