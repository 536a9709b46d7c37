package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.auth.SignInCompletion.Failure;
import io.hiroi.auth.internal.Secrets;
import io.hiroi.crypto.KeyRing;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.testing.SoftwareAuthenticator;
import io.hiroi.testing.SoftwareAuthenticator.Algorithm;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole two-factor sign-in with real TOTP codes, real passkey assertions and a real audit log. */
class SignInChallengesTest {
  private static final ClientInfo CLIENT = ClientInfo.of("203.0.113.9", "Mozilla/5.0 (test)");
  private static final String ORIGIN = "https://example.com";

  private final FakeClock clock = FakeClock.atRecentTime();
  private final KeyRing ring = KeyRing.builder().addGeneratedKey(1).primary(1).build();
  private final TotpService totp = TotpService.create(ring, InMemoryTotpReplayGuard.create(1000, clock), "Example", clock);
  private final InMemoryPendingSignInStore store = InMemoryPendingSignInStore.create(1000, clock);
  private final SessionManager sessions = SessionManager.builder(InMemorySessionStore.create(1000, clock)).clock(clock).build();

  @TempDir Path dir;

  private SignInChallenges challenges(AuthAudit audit) {
    return SignInChallenges.builder(store).clock(clock).audit(audit).build();
  }

  @Test
  void aRealTotpCodeOfUserB_neverCompletesUserAsSignIn() {
    TotpEnrollment alices = totp.enroll("alice", "alice@example.com");
    TotpEnrollment bobs = totp.enroll("bob", "bob@example.com");
    SignInChallenges challenges = challenges(AuthAudit.none());

    // A host that checks the code for whichever user the form names (here bob) is still safe.
    PendingSignIn p = challenges.begin("alice", Set.of(AuthFactor.PASSWORD), CLIENT);
    String bobsCode = TotpReplayGuardContract.codeNow(bobs, clock);
    assertThat(totp.verify("bob", bobs.storedSecret(), bobsCode).isValid()).isTrue();
    SignInCompletion c = challenges.complete(p.token(), AuthFactor.TOTP, "bob", CLIENT);
    assertThat(c.failure()).contains(Failure.SUBJECT_MISMATCH);
    assertThat(challenges.subject(p.token())).isEmpty(); // used up: the attacker starts again from the password

    // The intended use: the subject names whose secret to check; bob's code fails against alice's.
    p = challenges.begin("alice", Set.of(AuthFactor.PASSWORD), CLIENT);
    SignInAttempt first = challenges.attempt(p.token());
    String subject = first.subject().orElseThrow();
    assertThat(subject).isEqualTo("alice");
    if (!bobsCode.equals(TotpReplayGuardContract.codeNow(alices, clock))) { // 1 in 10^6 they agree
      assertThat(totp.verify(subject, alices.storedSecret(), bobsCode).isValid()).isFalse();
      assertThat(challenges.failed(first, CLIENT)).isEqualTo(SignInChallenges.DEFAULT_MAX_FAILURES - 1);
    }
    assertThat(challenges.attempt(p.token()).subject()).contains("alice");
    String alicesCode = TotpReplayGuardContract.codeNow(alices, clock);
    assertThat(totp.verify(subject, alices.storedSecret(), alicesCode).isValid()).isTrue();
    c = challenges.complete(p.token(), AuthFactor.TOTP, subject, CLIENT);
    assertThat(c.userId()).contains("alice");
    IssuedSession s = sessions.create(c.userId().orElseThrow(), c.factors(), CLIENT);
    assertThat(sessions.validate(s.token()).session().orElseThrow().factors()).containsExactlyInAnyOrder(AuthFactor.PASSWORD, AuthFactor.TOTP);
  }

  @Test
  void aRealPasskeyAssertionOfUserB_neverCompletesUserAsSignIn() throws Exception {
    Map<String, PasskeyCredential> repository = new ConcurrentHashMap<>();
    PasskeyService.CredentialLookup lookup = id -> Optional.ofNullable(repository.get(id));
    PasskeyService passkeys =
        PasskeyService.builder("example.com", "Example", InMemoryOneTimeTokenStore.create(1000, clock)).origin(ORIGIN).clock(clock).build();
    Map<String, String> userByHandle = new ConcurrentHashMap<>();
    SoftwareAuthenticator alicesKey = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    SoftwareAuthenticator bobsKey = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    for (Object[] u : new Object[][] {{"alice", alicesKey}, {"bob", bobsKey}}) {
      PasskeyUser user = PasskeyUser.of(PasskeyService.newUserHandle(), u[0] + "@example.com", (String) u[0]);
      PasskeyCeremony reg = passkeys.startRegistration(user, List.of());
      PasskeyCredential cred = passkeys.finishRegistration(reg.id(), ((SoftwareAuthenticator) u[1]).create(reg.optionsJson()), lookup).credential().orElseThrow();
      repository.put(cred.credentialId(), cred);
      userByHandle.put(cred.userHandle(), (String) u[0]);
    }
    SignInChallenges challenges = challenges(AuthAudit.none());

    PendingSignIn p = challenges.begin("alice", Set.of(AuthFactor.PASSWORD), CLIENT);
    PasskeyCeremony auth = passkeys.startAuthentication(); // usernameless: any passkey may answer
    PasskeyAuthentication bobs = passkeys.finishAuthentication(auth.id(), bobsKey.get(auth.optionsJson()), lookup);
    assertThat(bobs.isValid()).isTrue();
    String owner = userByHandle.get(bobs.userHandle().orElseThrow());
    assertThat(owner).isEqualTo("bob");
    assertThat(challenges.complete(p.token(), AuthFactor.PASSKEY, owner, CLIENT).failure()).contains(Failure.SUBJECT_MISMATCH);

    p = challenges.begin("alice", Set.of(AuthFactor.PASSWORD), CLIENT);
    auth = passkeys.startAuthentication();
    PasskeyAuthentication alices = passkeys.finishAuthentication(auth.id(), alicesKey.get(auth.optionsJson()), lookup);
    SignInCompletion c = challenges.complete(p.token(), AuthFactor.PASSKEY, userByHandle.get(alices.userHandle().orElseThrow()), CLIENT);
    assertThat(c.userId()).contains("alice");
    assertThat(c.factors()).containsExactlyInAnyOrder(AuthFactor.PASSWORD, AuthFactor.PASSKEY);
  }

  @Test
  void aPasswordReset_thenTheSecondFactor_isTheOnlyWayIn() {
    ResetFixture host = new ResetFixture();
    host.add("mfa@example.com", "user-mfa", "old password 1", true);
    TotpEnrollment enrolled = totp.enroll("user-mfa", "mfa@example.com");
    InMemoryRateLimitBackend limits = InMemoryRateLimitBackend.create();
    PasswordResetService reset =
        PasswordResetService.builder(
                OneTimeTokens.builder(InMemoryOneTimeTokenStore.create(1000, clock)).clock(clock).build(), sessions, host, ResetFixture.HASHER, host)
            .rateLimits(
                RateLimiter.builder("reset-account", limits).limit(Limit.perHour("reset", 100)).build(),
                RateLimiter.builder("reset-client", limits).limit(Limit.perHour("reset", 100)).build())
            .build();
    SignInChallenges challenges = challenges(AuthAudit.none());

    reset.request("mfa@example.com", CLIENT);
    PasswordReset done = reset.reset(host.lastToken(), "new password 2".toCharArray(), CLIENT);
    assertThat(done.isSuccess()).isTrue();
    assertThat(done.secondFactorRequired()).isTrue();
    assertThat(sessions.sessions("user-mfa")).isEmpty();

    PendingSignIn p = challenges.begin(done.userId().orElseThrow(), Set.of(AuthFactor.PASSWORD), CLIENT);
    assertThat(sessions.sessions("user-mfa")).isEmpty(); // still nobody signed in
    assertThat(challenges.complete(p.token(), AuthFactor.PASSWORD, "user-mfa", CLIENT).failure()).contains(Failure.NOT_A_SECOND_FACTOR);
    String subject = challenges.subject(p.token()).orElseThrow();
    assertThat(totp.verify(subject, enrolled.storedSecret(), TotpReplayGuardContract.codeNow(enrolled, clock)).isValid()).isTrue();
    SignInCompletion c = challenges.complete(p.token(), AuthFactor.TOTP, subject, CLIENT);
    IssuedSession s = sessions.create(c.userId().orElseThrow(), c.factors(), CLIENT);
    assertThat(sessions.validate(s.token()).isValid()).isTrue();
    assertThat(sessions.sessions("user-mfa")).hasSize(1);
  }

  @Test
  void begin_refusesBadArguments_withMessagesThatHoldNoValue() {
    SignInChallenges challenges = challenges(AuthAudit.none());
    assertThatThrownBy(() -> challenges.begin("alice", Set.of(), CLIENT)).hasMessage("firstFactors must be at least one factor, was empty");
    assertThatThrownBy(() -> challenges.begin("alice", EnumSet.of(AuthFactor.PASSWORD, AuthFactor.TOTP), CLIENT))
        .hasMessage("firstFactors must be first factors only (PASSWORD, MAGIC_LINK, FEDERATED), was TOTP");
    assertThatThrownBy(() -> challenges.begin("secret\nuser", Set.of(AuthFactor.PASSWORD), CLIENT))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("secret");
    assertThat(store.size()).isZero();
  }

  @Test
  void everyStep_isAudited_withoutTheToken() {
    try (TestAudit audit = new TestAudit(dir)) {
      SignInChallenges challenges = challenges(AuthAudit.required(audit.log()));
      PendingSignIn ok = challenges.begin("alice", Set.of(AuthFactor.PASSWORD), CLIENT);
      challenges.failed(challenges.attempt(ok.token()), CLIENT);
      assertThat(challenges.complete(ok.token(), AuthFactor.TOTP, "alice", CLIENT).isCompleted()).isTrue();
      PendingSignIn stolen = challenges.begin("alice", Set.of(AuthFactor.MAGIC_LINK), CLIENT);
      challenges.complete(stolen.token(), AuthFactor.PASSKEY, "mallory", CLIENT);

      String challenge = Secrets.sha256Hex(ok.token()).substring(0, 8);
      assertThat(audit.ofType(AuthAudit.SECOND_FACTOR_REQUIRED)).hasSize(2);
      assertThat(audit.ofType(AuthAudit.SECOND_FACTOR_REQUIRED).get(0))
          .contains("\"actor\":\"alice\"", "\"factors\":\"password\"", "\"challenge\":\"" + challenge + "\"", "\"ip\":\"203.0.113.9\"");
      assertThat(audit.ofType(AuthAudit.SECOND_FACTOR_SUCCEEDED))
          .singleElement()
          .asString()
          .contains("\"actor\":\"alice\"", "\"factor\":\"totp\"", "\"factors\":\"password,totp\"", "\"outcome\":\"success\"");
      List<String> failed = audit.ofType(AuthAudit.SECOND_FACTOR_FAILED);
      assertThat(failed).hasSize(2);
      assertThat(failed.get(0)).contains("\"reason\":\"wrong_factor\"", "\"failures\":1", "\"ended\":false", "\"outcome\":\"failure\"");
      assertThat(failed.get(1))
          .contains("\"actor\":\"alice\"", "\"reason\":\"subject_mismatch\"", "\"proven_by\":\"mallory\"", "\"outcome\":\"denied\"");
      for (PendingSignIn p : List.of(ok, stolen)) {
        String hash = Secrets.sha256Hex(p.token());
        assertThat(audit.lines()).noneMatch(l -> l.contains(p.token().substring(3)) || l.contains(hash));
      }
    }
  }

  @Test
  void underRequiredAudit_aCompletionWithoutItsRecord_signsNobodyIn() {
    TestAudit audit = new TestAudit(dir);
    SignInChallenges challenges = challenges(AuthAudit.required(audit.log()));
    PendingSignIn p = challenges.begin("alice", Set.of(AuthFactor.PASSWORD), CLIENT);
    audit.close(); // the trail is down from here on
    SignInCompletion c = challenges.complete(p.token(), AuthFactor.TOTP, "alice", CLIENT);
    assertThat(c.isCompleted()).isFalse();
    assertThat(c.failure()).contains(Failure.AUDIT_UNAVAILABLE);
    assertThat(c.userId()).isEmpty();
    assertThat(c.factors()).isEmpty();
    assertThat(challenges.complete(p.token(), AuthFactor.TOTP, "alice", CLIENT).failure()).contains(Failure.UNKNOWN);
    // A best-effort log lets it through.
    SignInChallenges lenient = SignInChallenges.builder(store).clock(clock).audit(AuthAudit.bestEffort(audit.log())).build();
    PendingSignIn q = lenient.begin("alice", Set.of(AuthFactor.PASSWORD), CLIENT);
    assertThat(lenient.complete(q.token(), AuthFactor.TOTP, "alice", CLIENT).isCompleted()).isTrue();
  }

  @Test
  void anUnavailableStore_failsClosed_withoutThrowing() {
    PendingSignInStore down =
        new PendingSignInStore() {
          @Override
          public void put(String key, String value, java.time.Duration ttl) {
            throw new AuthStoreException("down", null);
          }

          @Override
          public Optional<String> get(String key) {
            throw new AuthStoreException("down", null);
          }

          @Override
          public Optional<String> take(String key) {
            throw new AuthStoreException("down", null);
          }

          @Override
          public long fail(String key, int maxFailures) {
            throw new AuthStoreException("down", null);
          }
        };
    SignInChallenges challenges = SignInChallenges.builder(down).clock(clock).build();
    String token = challenges(AuthAudit.none()).begin("alice", Set.of(AuthFactor.PASSWORD), CLIENT).token();
    assertThat(challenges.subject(token)).isEmpty();
    SignInAttempt a = challenges.attempt(token);
    assertThat(a.isAllowed()).isFalse();
    assertThat(a.failure()).contains(Failure.UNAVAILABLE);
    assertThat(challenges.failed(a, CLIENT)).isZero();
    assertThat(challenges.complete(token, AuthFactor.TOTP, "alice", CLIENT).failure()).contains(Failure.UNAVAILABLE);
    assertThatThrownBy(() -> challenges.begin("alice", Set.of(AuthFactor.PASSWORD), CLIENT)).isInstanceOf(AuthStoreException.class);
  }

  @Test
  void results_printNoTokenAndNoUser() {
    SignInChallenges challenges = challenges(AuthAudit.none());
    PendingSignIn p = challenges.begin("alice", Set.of(AuthFactor.PASSWORD), CLIENT);
    SignInCompletion c = challenges.complete(p.token(), AuthFactor.TOTP, "alice", CLIENT);
    assertThat(c.toString()).isEqualTo("SignInCompletion[completed, [PASSWORD, TOTP]]").doesNotContain("alice");
    assertThat(challenges.complete(p.token(), AuthFactor.TOTP, "alice", CLIENT).toString()).isEqualTo("SignInCompletion[UNKNOWN]");
    assertThat(challenges.toString()).doesNotContain(p.token());
  }
}
