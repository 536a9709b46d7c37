package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Plants known secrets (session tokens, cookie values, a password-like user agent) and scans
 * every {@code toString}, every exception message and stack trace, and everything printed to
 * standard output and error (where slf4j-simple logs) for them.
 */
class NoSecretsInOutputTest {
  private final FakeClock clock = FakeClock.atRecentTime();
  private final List<String> secrets = new ArrayList<>();
  private final List<String> output = new ArrayList<>();

  private void scan(Object o) {
    output.add(String.valueOf(o));
  }

  private void scanThrown(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      ByteArrayOutputStream trace = new ByteArrayOutputStream();
      e.printStackTrace(new PrintStream(trace, true, StandardCharsets.UTF_8));
      output.add(trace.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void sessionsAndTokens_neverPrintTokensCookiesOrSubjects() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      exerciseSessions();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    output.add(captured.toString(StandardCharsets.UTF_8));
    assertThat(secrets).hasSizeGreaterThan(3);
    for (String text : output) {
      for (String secret : secrets) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }

  /**
   * Runs every audited flow (sign-in, sessions, password reset, new devices) through a real
   * file-backed {@link io.hiroi.audit.AuditLog}, then again with the trail down (so the failure
   * paths log), and scans the audit records, the results and everything printed.
   */
  @Test
  void auditTrail_andItsFailureLogs_holdNoTokenTokenHashPasswordOrCookie(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    List<String> records;
    try {
      TestAudit audit = new TestAudit(dir);
      exerciseAuditedFlows(AuthAudit.required(audit.log()));
      records = audit.lines();
      audit.close();
      exerciseAuditedFlows(AuthAudit.required(audit.log())); // every record fails now
      exerciseAuditedFlows(AuthAudit.bestEffort(audit.log()));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    output.add(captured.toString(StandardCharsets.UTF_8));
    output.addAll(records);
    assertThat(records).hasSizeGreaterThan(10);
    assertThat(records).anyMatch(r -> r.contains(AuthAudit.PASSWORD_RESET_COMPLETED));
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("audit record auth.login.succeeded could not be written");
    assertThat(secrets).hasSizeGreaterThan(20);
    for (String text : output) {
      for (String secret : secrets) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }

  private void plant(String secret) {
    secrets.add(secret);
  }

  private void plantToken(String token) {
    plant(token);
    plant(token.substring(token.length() - 43)); // the random part
    plant(io.hiroi.auth.internal.Secrets.sha256Hex(token)); // what the store keeps
  }

  private void exerciseAuditedFlows(AuthAudit audit) {
    ResetFixture host = new ResetFixture();
    String password = "planted-Password-" + java.util.UUID.randomUUID();
    host.add("alice@example.com", "user-1", password, true);
    plant(password);
    plant(host.hashes.get("user-1"));
    ClientInfo client = ClientInfo.of("203.0.113.9", "Mozilla/5.0 (test)");
    io.hiroi.ratelimit.RateLimitKey ip = io.hiroi.ratelimit.RateLimitKey.of("test", "203.0.113.9");
    PasswordAuthenticator logins =
        PasswordAuthenticator.create(
            ResetFixture.HASHER,
            host,
            io.hiroi.ratelimit.AuthThrottle.builder("login", io.hiroi.ratelimit.InMemoryRateLimitBackend.create()).build(),
            audit);
    scan(logins.authenticate("alice@example.com", password.toCharArray(), ip, client));
    scan(logins.authenticate("alice@example.com", (password + "x").toCharArray(), ip, client));
    String typedIntoEmail = "Typed-Into-Email-" + java.util.UUID.randomUUID();
    plant(typedIntoEmail);
    scan(logins.authenticate(typedIntoEmail, typedIntoEmail.toCharArray(), ip, client));

    InMemorySessionStore store = InMemorySessionStore.create(100, clock);
    SessionManager sessions = SessionManager.builder(store).clock(clock).audit(audit).build();
    SessionCookie cookie = SessionCookie.builder().build();
    try {
      IssuedSession s = sessions.create("user-1", Set.of(AuthFactor.PASSWORD), client);
      plantToken(s.token());
      plant(cookie.setCookie(s.token()));
      IssuedSession r = sessions.rotate(s.token(), Set.of(AuthFactor.TOTP)).orElseThrow();
      plantToken(r.token());
      scan(sessions.revoke(r.token()));
    } catch (AuthStoreException e) {
      scanThrown(() -> {
        throw e;
      });
    }
    scan(sessions.revokeAll("user-1"));

    io.hiroi.ratelimit.RateLimiter lots =
        io.hiroi.ratelimit.RateLimiter.builder("reset", io.hiroi.ratelimit.InMemoryRateLimitBackend.create())
            .limit(io.hiroi.ratelimit.Limit.perHour("reset", 100))
            .build();
    OneTimeTokens tokens = OneTimeTokens.builder(InMemoryOneTimeTokenStore.create(100, clock)).clock(clock).build();
    PasswordResetService reset =
        PasswordResetService.builder(tokens, sessions, host, ResetFixture.HASHER, host).rateLimits(lots, lots).audit(audit).build();
    scan(reset.request("alice@example.com", client));
    scan(reset.request("nobody@example.com", client));
    String resetToken = host.lastToken();
    plantToken(resetToken);
    String newPassword = "new-Planted-Password-" + java.util.UUID.randomUUID();
    plant(newPassword);
    scan(reset.reset(resetToken, newPassword.toCharArray(), client));
    scan(reset.reset(resetToken, newPassword.toCharArray(), client));
    scan(reset.reset(resetToken + "x", newPassword.toCharArray(), client));
    plant(host.hashes.get("user-1"));
    scan(reset);

    String deviceCookie = "device-cookie-" + java.util.UUID.randomUUID();
    plant(deviceCookie);
    NewDeviceDetector devices =
        NewDeviceDetector.builder(io.hiroi.crypto.KeyRing.builder().addGeneratedKey(1).primary(1).build(), InMemoryDeviceStore.create())
            .clock(clock)
            .audit(audit)
            .build();
    scan(devices.check("user-1", deviceCookie, client));
    scan(devices.check("user-1", deviceCookie, ClientInfo.of("198.51.100.1", "Other/1.0")));
    scan(devices);
    scanThrown(() -> devices.check("user-1", deviceCookie + "\n", client));
  }

  private void exerciseSessions() {
    InMemorySessionStore store = InMemorySessionStore.create(2, clock);
    SessionManager sessions = SessionManager.builder(store).clock(clock).build();
    SessionCookie cookie = SessionCookie.builder().build();
    String userAgentSecret = "hunter2-password-in-UA";
    IssuedSession issued = sessions.create("alice", Set.of(AuthFactor.PASSWORD), ClientInfo.of("198.51.100.1", userAgentSecret));
    secrets.add(issued.token());
    secrets.add(issued.token().substring(8));
    secrets.add(userAgentSecret);
    String setCookie = cookie.setCookie(issued.token());
    secrets.add(setCookie);
    scan(issued);
    scan(issued.session());
    scan(issued.session().client());
    scan(sessions.validate(issued.token()));
    scan(sessions);
    scan(store);
    scan(cookie);
    IssuedSession rotated = sessions.rotate(issued.token(), Set.of(AuthFactor.TOTP)).orElseThrow();
    secrets.add(rotated.token());
    scan(rotated);
    scan(sessions.validate(issued.token()));
    scan(sessions.sessions("alice"));
    sessions.create("bob", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown());
    scanThrown(() -> sessions.create("carol", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()));
    scanThrown(() -> cookie.setCookie(rotated.token() + ";"));
    scanThrown(() -> sessions.create(rotated.token() + "\n", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()));
    scanThrown(() -> sessions.revoke("alice", rotated.token()));
    scan(sessions.validate(rotated.token() + "x"));

    InMemoryOneTimeTokenStore tokenStore = InMemoryOneTimeTokenStore.create(1, clock);
    OneTimeTokens tokens = OneTimeTokens.builder(tokenStore).clock(clock).build();
    String subjectSecret = "subject-with-secret-email@example.com";
    String magic = tokens.issue(TokenPurpose.MAGIC_LINK, subjectSecret);
    secrets.add(magic);
    secrets.add(magic.substring(5));
    secrets.add(subjectSecret);
    scan(tokens);
    scan(tokenStore);
    scanThrown(() -> tokens.issue(TokenPurpose.MAGIC_LINK, subjectSecret));
    scanThrown(() -> tokens.issue(TokenPurpose.MAGIC_LINK, subjectSecret + "\n"));
    scanThrown(() -> tokens.issue(TokenPurpose.MAGIC_LINK, subjectSecret, java.time.Duration.ZERO));
    scan(tokens.consume(TokenPurpose.PASSWORD_RESET, magic));
    scan(tokens.consume(TokenPurpose.MAGIC_LINK, magic));
    scan(tokens.consume(TokenPurpose.MAGIC_LINK, magic));

    OAuthStateCodec oauth =
        OAuthStateCodec.builder(io.hiroi.crypto.KeyRing.builder().addGeneratedKey(1).primary(1).build()).clock(clock).build();
    OAuthStart start = oauth.begin("customer-secret-id", "linkedin", "/return-secret-path");
    secrets.add(start.state());
    secrets.add(start.bindingCookieValue());
    scan(start);
    scan(oauth);
    OAuthStateVerification ok = oauth.verify(start.state(), start.bindingCookieValue());
    scan(ok);
    scan(oauth.verify(start.state(), Pkce.newVerifier()));
    scanThrown(() -> oauth.verify(start.state(), Pkce.newVerifier()).customerId());
    scanThrown(() -> oauth.begin("c", "p", "//" + start.bindingCookieValue()));
    scanThrown(() -> Pkce.challenge(start.bindingCookieValue() + "+"));
    scan(ReturnUrlPolicy.sameOrigin().rejection("//" + start.bindingCookieValue()));

    CsrfTokens csrf = CsrfTokens.trusting(Set.of("https://app.example"));
    String masked = csrf.maskedToken(rotated.token());
    secrets.add(masked);
    scan(csrf);
    scan(csrf.verifyToken(rotated.token(), masked));
    scan(csrf.verifyToken(issued.token(), masked));
    scanThrown(() -> CsrfTokens.trusting(Set.of(masked)));
    ServiceTokens service = ServiceTokens.builder(io.hiroi.crypto.KeyRing.builder().addGeneratedKey(1).primary(1).build(), "svc").build();
    String userToken = service.issue("user-secret-id", "svc");
    secrets.add(userToken);
    secrets.add("user-secret-id");
    scan(service);
    scan(service.verify(userToken));
    scan(service.verify(userToken + "x"));
    scanThrown(() -> service.issue(userToken + "\n", "svc"));

    io.hiroi.crypto.PasswordHasher hasher =
        io.hiroi.crypto.PasswordHasher.builder().insecureAllowWeakParameters().memoryKiB(1024).iterations(1).build();
    String password = "planted-password-Secret!";
    String hash = hasher.hash(password.toCharArray());
    secrets.add(password);
    secrets.add(hash);
    PasswordAccount account = PasswordAccount.of("user-secret-id", hash);
    PasswordAuthenticator logins =
        PasswordAuthenticator.create(
            hasher,
            new PasswordAccounts() {
              @Override
              public java.util.Optional<PasswordAccount> findByEmail(String email) {
                return email.equals("a@example.com") ? java.util.Optional.of(account) : java.util.Optional.empty();
              }

              @Override
              public void updatePasswordHash(String userId, String passwordHash) {}
            },
            io.hiroi.ratelimit.AuthThrottle.builder("login", io.hiroi.ratelimit.InMemoryRateLimitBackend.create()).build());
    io.hiroi.ratelimit.RateLimitKey ip = io.hiroi.ratelimit.RateLimitKey.of("test", "ip");
    scan(account);
    scan(logins);
    scan(logins.authenticate("a@example.com", password.toCharArray(), ip));
    scan(logins.authenticate("a@example.com", (password + "x").toCharArray(), ip));
    scan(logins.authenticate(password, password.toCharArray(), ip));

    TotpService totp =
        TotpService.create(io.hiroi.crypto.KeyRing.builder().addGeneratedKey(1).primary(1).build(), InMemoryTotpReplayGuard.create(10, clock), "Example", clock);
    TotpEnrollment enrolled = totp.enroll("user-secret-id", "a@example.com");
    secrets.add(enrolled.secretBase32());
    secrets.add(enrolled.otpauthUri());
    String code = TotpService.codeAt(TotpServiceTest.decodeBase32(enrolled.secretBase32()), clock.instant(), 6, "HmacSHA1");
    scan(totp);
    scan(enrolled);
    scan(totp.verify("user-secret-id", enrolled.storedSecret(), code));
    scan(totp.verify("user-secret-id", enrolled.storedSecret(), code));
    scan(totp.verify("other", enrolled.storedSecret(), code));
    scanThrown(() -> totp.enroll("user-secret-id", enrolled.secretBase32() + "\n"));
  }
}
