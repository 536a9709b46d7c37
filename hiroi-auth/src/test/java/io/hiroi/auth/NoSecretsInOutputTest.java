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
  }
}
