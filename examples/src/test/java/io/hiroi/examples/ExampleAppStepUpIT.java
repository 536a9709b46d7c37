package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.SessionManager;
import io.hiroi.testing.SoftwareAuthenticator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Factor changes need a recent sign-in: on a clock the test moves past the step-up window, the
 * Security page sends the session to sign in again and changes nothing; a session without the
 * second factor the user has is refused too; every applied change is mailed to the owner. A fresh
 * app per test, because the clock only moves forward.
 */
class ExampleAppStepUpIT {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Duration STALE = SessionManager.DEFAULT_STEP_UP_MAX_AGE.plusMinutes(1);
  @TempDir Path data;
  private final MovableClock clock = new MovableClock();
  private ExampleApp.Running running;
  private String app;

  @BeforeEach
  void start() throws Exception {
    running = ExampleApp.start(AppConfig.builder().randomPorts().dataDir(data).build(), clock);
    app = running.app.appOrigin;
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private WebClient signedUp(String email) throws Exception {
    WebClient c = new WebClient(app);
    c.get("/signup");
    assertThat(c.post("/signup", "email", email, "password", PASSWORD).statusCode()).isEqualTo(303);
    return c;
  }

  private WebClient signedIn(String email) throws Exception {
    WebClient c = new WebClient(app);
    c.get("/signin");
    assertThat(c.post("/signin", "email", email, "password", PASSWORD).headers().firstValue("Location")).hasValue("/");
    return c;
  }

  private long mails(String email, String subject) {
    return running.app.outbox.all().stream().filter(e -> e.to.equals(email) && e.subject.equals(subject)).count();
  }

  private static final String CHANGED = "Your Parley sign-in methods changed";

  private static void assertSentToSignIn(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("Changing how you sign in needs a recent sign-in").contains("id=\"sign-in-again\"");
  }

  @Test
  void aStaleSession_cannotStartTotpNorAddAPasskey_untilItSignsInAgain() throws Exception {
    String email = "stale@example.com";
    WebClient c = signedUp(email);
    String userId = running.app.accounts.byEmail(email).orElseThrow().id;
    c.get("/security");
    HttpResponse<String> early = c.post("/security/passkeys/options");
    assertThat(early.statusCode()).isEqualTo(200);
    String created = new SoftwareAuthenticator(SoftwareAuthenticator.Algorithm.ES256, app, 0).create(early.body());
    clock.advance(STALE);

    assertSentToSignIn(c.post("/security/totp/start"));
    assertThat(running.app.factors.pendingTotp(userId)).as("no TOTP set-up started").isEmpty();
    HttpResponse<String> options = c.post("/security/passkeys/options");
    assertThat(options.statusCode()).isEqualTo(403);
    assertThat(options.body()).contains("\"ok\":false").contains("needs a recent sign-in").doesNotContain("challenge");
    HttpResponse<String> register = c.post("/security/passkeys/register", "credential", created);
    assertThat(register.statusCode()).as("a ceremony started in time does not help").isEqualTo(403);
    assertThat(running.app.factors.passkeys(userId)).isEmpty();
    assertThat(c.isSignedIn()).as("the session itself still works").isTrue();
    assertThat(mails(email, CHANGED)).isZero();

    c.get("/signin");
    assertThat(c.post("/signin", "email", email, "password", PASSWORD).statusCode()).isEqualTo(303);
    c.get("/security");
    HttpResponse<String> again = c.post("/security/totp/start");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("id=\"totp-secret\"");
  }

  @Test
  void removingAPasskey_needsARecentSignIn_withASecondFactor_andIsMailed() throws Exception {
    String email = "keys@example.com";
    WebClient c = signedUp(email);
    String userId = running.app.accounts.byEmail(email).orElseThrow().id;
    c.get("/security");
    SoftwareAuthenticator key = new SoftwareAuthenticator(SoftwareAuthenticator.Algorithm.ES256, app, 0);
    HttpResponse<String> added = c.post("/security/passkeys/register", "credential", key.create(c.post("/security/passkeys/options").body()));
    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(mails(email, CHANGED)).isEqualTo(1);
    assertThat(running.app.outbox.all().get(0).body).startsWith("A passkey was added");

    WebClient password = signedIn(email);
    password.get("/security");
    assertSentToSignIn(password.post("/security/passkeys/remove", "id", key.credentialIdText()));
    assertThat(running.app.factors.passkeys(userId)).as("a password alone does not remove the passkey").hasSize(1);

    clock.advance(STALE);
    c.get("/security");
    assertSentToSignIn(c.post("/security/passkeys/remove", "id", key.credentialIdText()));
    assertThat(running.app.factors.passkeys(userId)).hasSize(1);

    WebClient withKey = new WebClient(app);
    withKey.get("/signin");
    String assertion = key.get(withKey.post("/signin/passkey/options").body());
    assertThat(withKey.post("/signin/passkey", "credential", assertion).statusCode()).isEqualTo(200);
    withKey.get("/security");
    assertThat(withKey.post("/security/passkeys/remove", "id", key.credentialIdText()).body()).contains("Passkey removed.");
    assertThat(running.app.factors.passkeys(userId)).isEmpty();
    assertThat(mails(email, CHANGED)).isEqualTo(2);
    assertThat(running.app.outbox.all().get(0).body).startsWith("A passkey was removed");
  }

  @Test
  void recoveryCodes_areNotRegenerated_byAStaleSession() throws Exception {
    String email = "codes@example.com";
    WebClient c = signedUp(email);
    c.get("/security");
    Matcher secret = Pattern.compile("id=\"totp-secret\" class=\"secret\">([A-Z2-7 ]+)<").matcher(c.post("/security/totp/start").body());
    assertThat(secret.find()).isTrue();
    assertThat(c.post("/security/totp/confirm", "code", new TestTotp(secret.group(1)).nextCode()).body()).contains("id=\"recovery-codes\"");
    assertThat(mails(email, CHANGED)).isEqualTo(1);
    assertThat(c.post("/security/recovery/regenerate").body()).as("the TOTP code just given counts").contains("id=\"recovery-codes\"");
    assertThat(mails(email, CHANGED)).isEqualTo(2);

    clock.advance(STALE);
    c.get("/security");
    HttpResponse<String> stale = c.post("/security/recovery/regenerate");
    assertSentToSignIn(stale);
    assertThat(stale.body()).doesNotContain("id=\"recovery-codes\"");
    assertThat(mails(email, CHANGED)).isEqualTo(2);
  }
}
