package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.testing.SoftwareAuthenticator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running app's second factors, password reset and new-device alerts over real HTTP: TOTP
 * with codes computed by the test (java-otp) from the secret the page shows, recovery codes,
 * passkeys with hiroi-testing's {@link SoftwareAuthenticator}, the reset link from the outbox.
 */
class ExampleAppFactorsIT {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\" class=\"secret\">([A-Z2-7 ]+)<");
  private static final Pattern RECOVERY = Pattern.compile("<li><code>([0-9A-Z-]{19})</code></li>");
  @TempDir static Path data;
  static ExampleApp.Running running;
  static String app;
  private static int users;

  @BeforeAll
  static void start() throws Exception {
    running = ExampleApp.start(AppConfig.builder().randomPorts().dataDir(data).build(), Clock.systemUTC());
    app = running.app.appOrigin;
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  static synchronized String newEmail() {
    return "factor" + (++users) + "@example.com";
  }

  static WebClient signedUp(String email) throws Exception {
    WebClient c = new WebClient(app);
    c.get("/signup");
    assertThat(c.post("/signup", "email", email, "password", PASSWORD).statusCode()).isEqualTo(303);
    return c;
  }

  /** Turns TOTP on for the signed-in client: the secret read off the page, a code from it. Returns the app and the recovery codes. */
  static TestTotp enableTotp(WebClient c, List<String> recoveryCodes) throws Exception {
    assertThat(c.get("/security").body()).contains("Set up TOTP");
    HttpResponse<String> setUp = c.post("/security/totp/start");
    assertThat(setUp.statusCode()).isEqualTo(200);
    assertThat(setUp.body()).contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"totp-qr\"");
    Matcher m = SECRET.matcher(setUp.body());
    assertThat(m.find()).isTrue();
    TestTotp totp = new TestTotp(m.group(1));
    assertThat(m.group(1).replace(" ", "")).hasSize(32); // 160 bits
    assertThat(c.get("/security").body()).as("not active before confirmation").contains("<span class=\"badge\">Off</span>");
    HttpResponse<String> confirmed = c.post("/security/totp/confirm", "code", totp.nextCode());
    assertThat(confirmed.statusCode()).isEqualTo(200);
    RECOVERY.matcher(confirmed.body()).results().forEach(r -> recoveryCodes.add(r.group(1)));
    assertThat(recoveryCodes).hasSize(10).doesNotHaveDuplicates();
    return totp;
  }

  /** Password sign-in of a user with TOTP: the answer is the second step, not a session. */
  static WebClient passwordStep(String email, String password) throws Exception {
    WebClient c = new WebClient(app);
    c.get("/signin");
    HttpResponse<String> r = c.post("/signin", "email", email, "password", password);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/signin/second");
    assertThat(c.cookie("__Host-session")).as("not signed in before the second factor").isEmpty();
    assertThat(c.isSignedIn()).isFalse();
    assertThat(c.get("/signin/second").body()).contains("id=\"totp-code\"");
    return c;
  }

  @Test
  void totp_confirmWithAWrongCode_leavesItOff() throws Exception {
    WebClient c = signedUp(newEmail());
    c.get("/security");
    HttpResponse<String> setUp = c.post("/security/totp/start");
    Matcher m = SECRET.matcher(setUp.body());
    assertThat(m.find()).isTrue();
    HttpResponse<String> wrong = c.post("/security/totp/confirm", "code", new TestTotp(m.group(1)).wrongCode());
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains(SecurityPages.WRONG_CODE).contains("<span class=\"badge\">Off</span>");
  }

  @Test
  void totp_signInNeedsACode_afterThePassword_andTurningItOffNeedsAFreshOne() throws Exception {
    String email = newEmail();
    WebClient first = signedUp(email);
    List<String> recovery = new java.util.ArrayList<>();
    TestTotp totp = enableTotp(first, recovery);
    assertThat(first.get("/security").body()).contains("<span class=\"badge on\">On</span>").contains("Recovery codes left: <strong>10</strong>");

    WebClient c = passwordStep(email, PASSWORD);
    HttpResponse<String> wrong = c.post("/signin/second", "code", totp.wrongCode());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains(SecurityPages.WRONG_CODE);
    HttpResponse<String> ok = c.post("/signin/second", "code", totp.nextCode());
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location")).hasValue("/");
    assertThat(c.get("/").body()).contains("signed in with password + totp");

    HttpResponse<String> keepOn = c.post("/security/totp/disable", "code", totp.wrongCode());
    assertThat(keepOn.statusCode()).isEqualTo(400);
    assertThat(keepOn.body()).contains("TOTP is still on");
    assertThat(first.get("/").body()).as("the sign-up browser is still signed in").contains("Signed in as <strong>" + email);
    HttpResponse<String> off = c.post("/security/totp/disable", "code", totp.nextCode());
    assertThat(off.statusCode()).isEqualTo(200);
    assertThat(off.body()).contains("TOTP is off").contains("1 other session was signed out.");
    // FactorChanges: removing a factor ends the user's other sessions, this one stays.
    assertThat(first.get("/").body()).doesNotContain("Signed in as");
    assertThat(c.get("/").body()).contains("Signed in as <strong>" + email);
    String trail = c.get("/audit").body();
    // Only FactorChanges writes these attributes: the removal was recorded with its sign-out.
    assertThat(trail).contains("factor=totp").contains("others_signed_out=true");
    WebClient plain = new WebClient(app);
    plain.get("/signin");
    assertThat(plain.post("/signin", "email", email, "password", PASSWORD).headers().firstValue("Location")).hasValue("/");
    WebClient paper = passwordStepOrNull(email);
    assertThat(paper).as("recovery codes went with TOTP").isNull();
  }

  private static WebClient passwordStepOrNull(String email) throws Exception {
    WebClient c = new WebClient(app);
    c.get("/signin");
    HttpResponse<String> r = c.post("/signin", "email", email, "password", PASSWORD);
    return "/signin/second".equals(r.headers().firstValue("Location").orElse("")) ? c : null;
  }

  @Test
  void recoveryCodes_signInOnceEach_andRegeneratingReplacesThem() throws Exception {
    String email = newEmail();
    WebClient first = signedUp(email);
    List<String> recovery = new java.util.ArrayList<>();
    enableTotp(first, recovery);

    WebClient c = passwordStep(email, PASSWORD);
    HttpResponse<String> r = c.post("/signin/second", "recovery", recovery.get(0).toLowerCase(java.util.Locale.ROOT));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(c.get("/").body()).contains("signed in with password + recovery code");

    WebClient again = passwordStep(email, PASSWORD);
    HttpResponse<String> reused = again.post("/signin/second", "recovery", recovery.get(0));
    assertThat(reused.statusCode()).isEqualTo(401);
    assertThat(again.cookie("__Host-session")).isEmpty();

    HttpResponse<String> regenerated = first.post("/security/recovery/regenerate");
    List<String> fresh = RECOVERY.matcher(regenerated.body()).results().map(x -> x.group(1)).toList();
    assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(recovery);
    WebClient old = passwordStep(email, PASSWORD);
    assertThat(old.post("/signin/second", "recovery", recovery.get(1)).statusCode()).as("the old set is void").isEqualTo(401);
    assertThat(old.post("/signin/second", "recovery", fresh.get(0)).statusCode()).isEqualTo(303);
  }

  @Test
  void secondStep_isBoundToTheUserWhoPassedThePassword() throws Exception {
    String alice = newEmail();
    String bob = newEmail();
    List<String> aliceRecovery = new java.util.ArrayList<>();
    TestTotp aliceTotp = enableTotp(signedUp(alice), aliceRecovery);
    enableTotp(signedUp(bob), new java.util.ArrayList<>());
    assertThat(aliceRecovery).hasSize(10);

    // Alice's valid factors, offered in Bob's pending sign-in, are checked as Bob's: refused...
    String aliceCode = aliceTotp.nextCode();
    WebClient c = passwordStep(bob, PASSWORD);
    HttpResponse<String> r = c.post("/signin/second", "code", aliceCode);
    assertThat(r.statusCode()).as("Alice's code does not finish Bob's sign-in").isEqualTo(401);
    assertThat(r.body()).contains(SecurityPages.WRONG_CODE);
    HttpResponse<String> rc = c.post("/signin/second", "recovery", aliceRecovery.get(0));
    assertThat(rc.statusCode()).as("Alice's recovery code does not finish Bob's sign-in").isEqualTo(401);
    assertThat(c.cookie("__Host-session")).isEmpty();
    assertThat(c.isSignedIn()).isFalse();

    // ...and never as Alice's: neither was used up, both still sign Alice in.
    WebClient a = passwordStep(alice, PASSWORD);
    assertThat(a.post("/signin/second", "code", aliceCode).statusCode()).as("the code Bob's step refused is still Alice's").isEqualTo(303);
    assertThat(a.get("/").body()).contains("signed in with password + totp");
    WebClient a2 = passwordStep(alice, PASSWORD);
    assertThat(a2.post("/signin/second", "recovery", aliceRecovery.get(0)).statusCode()).as("and so is the recovery code").isEqualTo(303);
    assertThat(a2.get("/").body()).contains("signed in with password + recovery code");
  }

  @Test
  void secondStep_withoutAPendingSignIn_isRefused_andGivesUpAfterFiveWrongCodes() throws Exception {
    WebClient stranger = new WebClient(app);
    stranger.get("/signin");
    HttpResponse<String> none = stranger.post("/signin/second", "code", "123456");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains(SignInSteps.EXPIRED);

    String email = newEmail();
    TestTotp totp = enableTotp(signedUp(email), new java.util.ArrayList<>());
    WebClient c = passwordStep(email, PASSWORD);
    for (int i = 1; i < io.hiroi.auth.SignInChallenges.DEFAULT_MAX_FAILURES; i++) {
      assertThat(c.post("/signin/second", "code", totp.wrongCode()).body()).contains(SecurityPages.WRONG_CODE);
    }
    assertThat(c.post("/signin/second", "code", totp.wrongCode()).body()).contains(SignInSteps.EXPIRED);
    assertThat(c.post("/signin/second", "code", totp.nextCode()).statusCode()).as("even the right code: start again").isEqualTo(401);
  }

  @Test
  void passkey_registers_signsInWithoutAUsername_andStopsWorkingOnceRemoved() throws Exception {
    String email = newEmail();
    WebClient c = signedUp(email);
    c.get("/security");
    HttpResponse<String> options = c.post("/security/passkeys/options");
    assertThat(options.statusCode()).isEqualTo(200);
    assertThat(options.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(options.body()).contains("\"rp\":{\"id\":\"localhost\"").contains("\"userVerification\":\"required\"");
    SoftwareAuthenticator key = new SoftwareAuthenticator(SoftwareAuthenticator.Algorithm.ES256, app, 0);
    HttpResponse<String> registered = c.post("/security/passkeys/register", "credential", key.create(options.body()));
    assertThat(registered.statusCode()).isEqualTo(200);
    assertThat(registered.body()).isEqualTo("{\"ok\":true,\"message\":\"Passkey added.\",\"redirect\":\"/security\"}");
    String page = c.get("/security").body();
    assertThat(page).contains("<code>" + key.credentialIdText().substring(0, 12) + "…</code>");

    WebClient other = new WebClient(app);
    other.get("/signin");
    HttpResponse<String> request = other.post("/signin/passkey/options");
    assertThat(request.body()).contains("\"userVerification\":\"required\"").doesNotContain(email);
    String assertion = key.get(request.body());
    HttpResponse<String> signedIn = other.post("/signin/passkey", "credential", assertion);
    assertThat(signedIn.statusCode()).isEqualTo(200);
    assertThat(signedIn.body()).contains("\"ok\":true");
    assertThat(other.get("/").body()).contains("Signed in as <strong>" + email).contains("signed in with passkey");

    WebClient replay = new WebClient(app);
    replay.get("/signin");
    replay.post("/signin/passkey/options");
    HttpResponse<String> replayed = replay.post("/signin/passkey", "credential", assertion);
    assertThat(replayed.statusCode()).as("an old assertion does not answer a new challenge").isEqualTo(401);
    assertThat(replay.cookie("__Host-session")).isEmpty();

    HttpResponse<String> removed = c.post("/security/passkeys/remove", "id", key.credentialIdText());
    assertThat(removed.body()).contains("Passkey removed.").contains("No passkeys yet.");
    WebClient after = new WebClient(app);
    after.get("/signin");
    HttpResponse<String> again = after.post("/signin/passkey", "credential", key.get(after.post("/signin/passkey/options").body()));
    assertThat(again.statusCode()).isEqualTo(401);
  }

  @Test
  void passkey_registration_withoutItsCeremony_orForAnotherUser_isRefused() throws Exception {
    WebClient alice = signedUp(newEmail());
    alice.get("/security");
    HttpResponse<String> options = alice.post("/security/passkeys/options");
    SoftwareAuthenticator key = new SoftwareAuthenticator(SoftwareAuthenticator.Algorithm.ES256, app, 0);
    String created = key.create(options.body());

    WebClient bob = signedUp(newEmail());
    bob.get("/security");
    HttpResponse<String> stolen = bob.post("/security/passkeys/register", "credential", created);
    assertThat(stolen.statusCode()).as("Bob has no ceremony of his own").isEqualTo(400);
    bob.post("/security/passkeys/options");
    assertThat(bob.post("/security/passkeys/register", "credential", created).statusCode())
        .as("Alice's response does not answer Bob's challenge").isEqualTo(400);
    assertThat(bob.get("/security").body()).contains("No passkeys yet.");
  }

  @Test
  void passwordReset_mailsALink_changesThePassword_endsEverySession_andTotpIsStillAsked() throws Exception {
    String email = newEmail();
    WebClient signedIn = signedUp(email);
    TestTotp totp = enableTotp(signedIn, new java.util.ArrayList<>());

    WebClient c = new WebClient(app);
    c.get("/forgot");
    HttpResponse<String> known = c.post("/forgot", "email", email);
    HttpResponse<String> unknown = c.post("/forgot", "email", "nobody-" + email);
    assertThat(known.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(200);
    assertThat(known.body()).contains(io.hiroi.auth.PasswordResetRequest.GENERIC_MESSAGE);
    assertThat(unknown.body()).contains(io.hiroi.auth.PasswordResetRequest.GENERIC_MESSAGE);
    Matcher link = Pattern.compile("href=\"" + Pattern.quote(app) + "(/reset\\?token=[^\"]+)\"").matcher(c.get("/outbox").body());
    assertThat(link.find()).isTrue();
    assertThat(link.find()).as("one link: none for the unknown address").isFalse();
    link.reset().find();

    c.get(link.group(1));
    assertThat(c.post("/reset", "token", token(link.group(1)), "password", "short").statusCode()).isEqualTo(400);
    HttpResponse<String> done = c.post("/reset", "token", token(link.group(1)), "password", "a brand new passphrase");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).hasValue("/signin?reset=1");
    assertThat(c.get("/signin?reset=1").body()).contains(ResetPages.DONE);
    assertThat(signedIn.isSignedIn()).as("every session ended").isFalse();
    assertThat(c.post("/reset", "token", token(link.group(1)), "password", "another new passphrase").statusCode())
        .as("the link works once").isEqualTo(400);

    WebClient old = new WebClient(app);
    old.get("/signin");
    assertThat(old.post("/signin", "email", email, "password", PASSWORD).statusCode()).isEqualTo(401);
    WebClient next = passwordStep(email, "a brand new passphrase");
    assertThat(next.post("/signin/second", "code", totp.nextCode()).statusCode()).as("the reset did not skip TOTP").isEqualTo(303);
    assertThat(next.isSignedIn()).isTrue();
  }

  private static String token(String path) {
    return java.net.URLDecoder.decode(path.substring(path.indexOf('=') + 1), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void newDevice_signIns_areMailed_onceEach() throws Exception {
    String email = newEmail();
    signedUp(email);
    WebClient sameDevice = new WebClient(app);
    sameDevice.get("/signin");
    sameDevice.post("/signin", "email", email, "password", PASSWORD);
    assertThat(alerts(email)).as("the browser that signed up is known").isZero();

    String firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    for (int i = 0; i < 2; i++) {
      WebClient laptop = new WebClient(app, firefox);
      laptop.get("/signin");
      assertThat(laptop.post("/signin", "email", email, "password", PASSWORD).statusCode()).isEqualTo(303);
    }
    assertThat(alerts(email)).as("one alert for the new device, none the second time").isEqualTo(1);
    Outbox.Email alert = running.app.outbox.all().stream().filter(e -> e.to.equals(email) && e.subject.startsWith("New sign-in")).findFirst()
        .orElseThrow();
    assertThat(alert.body).contains("Firefox on Windows").contains("127.0.0.1").doesNotContain(PASSWORD);
  }

  @Test
  void everyEvent_carriesTheRequestId_thatTheResponseEchoes() throws Exception {
    String email = newEmail();
    WebClient c = new WebClient(app);
    c.get("/signup");
    HttpResponse<String> r = c.post("/signup", "email", email, "password", PASSWORD);
    String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(requestId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    String userId = running.app.accounts.byEmail(email).orElseThrow().id;
    Matcher row = Pattern.compile("<code>auth\\.signup</code>.{0,200}?user/" + userId + "</td>.{0,120}?request_id=([^ <]+) ").matcher(c.get("/audit").body());
    assertThat(row.find()).as("the sign-up record has a request_id").isTrue();
    // A UUID has no run long enough for hiroi-audit's Redactor to take it for a secret.
    assertThat(row.group(1)).isEqualTo(requestId); // readable in the trail, not masked
  }

  private static long alerts(String email) {
    return running.app.outbox.all().stream().filter(e -> e.to.equals(email) && e.subject.startsWith("New sign-in")).count();
  }
}
