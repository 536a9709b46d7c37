package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running app on random ports, driven over real HTTP: accounts, CSRF, sessions, keys, the widget, credentials, audit. */
class ExampleAppIT {
  private static final String PASSWORD = "correct horse battery staple";
  @TempDir static Path data;
  static ExampleApp.Running running;
  static String app;
  private static int users;

  @BeforeAll
  static void start() throws Exception {
    running = ExampleApp.start(AppConfig.builder().randomPorts().dataDir(data).chatPerMinute(3).build(), Clock.systemUTC());
    app = running.app.appOrigin;
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  /** Signs a fresh user up in a fresh client; returns the client, signed in. */
  static WebClient signedUp(String email) throws Exception {
    WebClient c = new WebClient(app);
    assertThat(c.get("/signup").statusCode()).isEqualTo(200);
    HttpResponse<String> r = c.post("/signup", "email", email, "password", PASSWORD);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(c.cookie("__Host-session")).isPresent();
    return c;
  }

  static synchronized String newEmail() {
    return "user" + (++users) + "@example.com";
  }

  @Test
  void signUp_signsIn_thenSignOut_endsTheSession() throws Exception {
    String email = newEmail();
    WebClient c = signedUp(email);
    String token = c.cookie("__Host-session").orElseThrow();
    assertThat(c.get("/").body()).contains("Signed in as <strong>" + email);

    assertThat(c.post("/signout").headers().firstValue("Location")).hasValue("/signin");
    assertThat(c.cookie("__Host-session")).isEmpty();
    WebClient replay = new WebClient(app);
    replay.setCookie("__Host-session", token);
    assertThat(replay.get("/sessions").statusCode()).as("the old token no longer works anywhere").isEqualTo(303);
  }

  @Test
  void signIn_withThePassword_works_andEveryFailureReadsTheSame() throws Exception {
    String email = newEmail();
    signedUp(email);
    WebClient c = new WebClient(app);
    c.get("/signin");
    HttpResponse<String> wrong = c.post("/signin", "email", email, "password", "not the password");
    HttpResponse<String> unknown = c.post("/signin", "email", "nobody-" + email, "password", PASSWORD);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("Invalid email or password.");
    assertThat(unknown.body()).contains("Invalid email or password.");
    assertThat(c.cookie("__Host-session")).isEmpty();

    HttpResponse<String> ok = c.post("/signin", "email", email.toUpperCase(java.util.Locale.ROOT), "password", PASSWORD);
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(c.get("/").body()).contains("Signed in as <strong>" + email);
  }

  @Test
  void signUp_ofATakenEmail_createsNothing_andTellsTheOwnerByEmail() throws Exception {
    String email = newEmail();
    signedUp(email);
    WebClient c = new WebClient(app);
    c.get("/signup");
    HttpResponse<String> again = c.post("/signup", "email", email, "password", "another password here");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(c.cookie("__Host-session")).isEmpty();
    assertThat(running.app.outbox.all()).anyMatch(e -> e.to.equals(email) && e.subject.contains("tried to sign up"));
  }

  @Test
  void posts_withoutTheCsrfToken_orFromAnotherOrigin_areRefused() throws Exception {
    String email = newEmail();
    WebClient c = signedUp(email);
    c.get("/keys");
    HttpResponse<String> noToken = c.postRaw("/keys", app);
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("Request refused");

    WebClient anonymous = new WebClient(app);
    anonymous.get("/signin");
    // The page's real token: only the Origin / Sec-Fetch-Site check can refuse this one.
    HttpResponse<String> crossSite = anonymous.postFrom("/signin", "http://evil.example", "cross-site",
        "email", email, "password", PASSWORD, "_csrf", anonymous.csrfToken());
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(crossSite.body()).contains("Request refused");
    anonymous.get("/signin");
    HttpResponse<String> crossSiteNoOrigin = anonymous.postFrom("/signin", null, "cross-site",
        "email", email, "password", PASSWORD, "_csrf", anonymous.csrfToken());
    assertThat(crossSiteNoOrigin.statusCode()).as("Sec-Fetch-Site alone").isEqualTo(403);
    HttpResponse<String> forged = anonymous.postRaw("/signin", app, "email", email, "password", PASSWORD, "_csrf", "A".repeat(86));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(anonymous.cookie("__Host-session")).isEmpty();
    assertThat(running.app.apiKeys.list(running.app.accounts.byEmail(email).orElseThrow().id)).isEmpty();
  }

  @Test
  void magicLink_signsInOnce_fromTheOutbox() throws Exception {
    String email = newEmail();
    signedUp(email).post("/signout");
    WebClient c = new WebClient(app);
    c.get("/signin");
    HttpResponse<String> sent = c.post("/magic-link", "email", email);
    HttpResponse<String> sentUnknown = c.post("/magic-link", "email", "nobody-" + email);
    assertThat(sent.body()).contains(AccountPages.MAGIC_LINK_SENT);
    assertThat(sentUnknown.body()).contains(AccountPages.MAGIC_LINK_SENT);

    String outbox = c.get("/outbox").body();
    Matcher m = Pattern.compile("href=\"" + Pattern.quote(app) + "(/magic\\?token=[^\"]+)\"").matcher(outbox);
    assertThat(m.find()).isTrue();
    String link = m.group(1);
    String token = link.substring("/magic?token=".length());
    assertThat(c.get(link).body()).contains("Continue to sign in");
    assertThat(c.post("/magic", "token", token).statusCode()).isEqualTo(303);
    assertThat(c.get("/").body()).contains("Signed in as <strong>" + email).contains("signed in with magic link");

    WebClient other = new WebClient(app);
    other.get(link);
    HttpResponse<String> reused = other.post("/magic", "token", token);
    assertThat(reused.statusCode()).isEqualTo(401);
    assertThat(other.cookie("__Host-session")).isEmpty();
  }

  @Test
  void sessions_listsEveryBrowser_signsOutOne_andEverywhere() throws Exception {
    String email = newEmail();
    WebClient first = signedUp(email);
    WebClient second = new WebClient(app);
    second.get("/signin");
    second.post("/signin", "email", email, "password", PASSWORD);
    WebClient third = new WebClient(app);
    third.get("/signin");
    third.post("/signin", "email", email, "password", PASSWORD);

    String page = first.get("/sessions").body();
    assertThat(page.split("class=\"session\"", -1)).hasSize(4);
    Matcher ids = Pattern.compile("name=\"id\" value=\"([0-9a-f]{64})\"").matcher(page);
    assertThat(ids.find()).isTrue();
    assertThat(first.post("/sessions/revoke", "id", ids.group(1)).statusCode()).isEqualTo(303);
    long stillIn = Stream.of(second, third).filter(WebClient::isSignedIn).count();
    assertThat(stillIn).isEqualTo(1);

    first.get("/sessions");
    assertThat(first.post("/sessions/revoke-all").headers().firstValue("Location")).hasValue("/signin");
    assertThat(first.isSignedIn()).isFalse();
    assertThat(second.isSignedIn()).isFalse();
    assertThat(third.isSignedIn()).isFalse();
  }

  @Test
  void apiKeys_areShownOnce_listedByPrefix_andRevoked() throws Exception {
    String email = newEmail();
    WebClient c = signedUp(email);
    c.get("/keys");
    String created = c.post("/keys").body();
    Matcher m = Pattern.compile("id=\"new-key-value\">(pw_live_[0-9A-Za-z]{49})<").matcher(created);
    assertThat(m.find()).isTrue();
    String key = m.group(1);
    Accounts.User user = running.app.accounts.byEmail(email).orElseThrow();
    assertThat(running.app.apiKeys.authorizes(running.app.widgetKeys, user.widgetId, key)).isTrue();
    assertThat(running.app.apiKeys.authorizes(running.app.widgetKeys, running.app.demoWidgetId, key)).as("scoped to one widget").isFalse();

    String list = c.get("/keys").body();
    assertThat(list).doesNotContain(key).contains(key.substring(0, 12) + "…");
    Matcher id = Pattern.compile("name=\"id\" value=\"(k[0-9]+)\"").matcher(list);
    assertThat(id.find()).isTrue();
    c.post("/keys/revoke", "id", "k1\"><script>alert(1)</script> forged");
    c.post("/keys/revoke", "id", id.group(1));
    assertThat(c.get("/keys").body()).contains("No keys yet.");
    running.app.audit.flush();
    List<String> targets = running.app.backends.auditTrail.newest(AuditTrail.SCANNED).stream()
        .filter(r -> r.event().type().equals("apikey.revoke") && r.event().actor().orElse("").equals("user/" + user.id))
        .map(r -> r.event().target().orElse("(none)")).collect(Collectors.toList());
    assertThat(targets).as("the forged id is not recorded; the real one is").containsExactly("apikey/" + id.group(1), "(none)");
    assertThat(running.app.apiKeys.authorizes(running.app.widgetKeys, user.widgetId, key)).isFalse();
  }

  @Test
  void widget_onTheSafelistedOrigin_chats_untilRateLimited_andOtherOriginsAreRefused() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String customer = running.app.customerOrigin;
    String widget = "{\"widget\":\"" + running.app.demoWidgetId + "\"}";

    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(app + "/api/widget/session"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", customer)
        .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(customer);

    HttpResponse<String> session = postJson(http, "/api/widget/session", customer, null, widget);
    assertThat(session.statusCode()).isEqualTo(200);
    assertThat(session.headers().firstValue("Access-Control-Allow-Origin")).hasValue(customer);
    Matcher t = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(session.body());
    assertThat(t.find()).isTrue();
    String token = t.group(1);

    String message = "{\"widget\":\"" + running.app.demoWidgetId + "\",\"text\":\"hello\"}";
    for (int i = 0; i < 3; i++) {
      assertThat(postJson(http, "/api/widget/messages", customer, token, message).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> limited = postJson(http, "/api/widget/messages", customer, token, message);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    assertThat(limited.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Retry-After");

    String refused = running.app.refusedOrigin;
    HttpResponse<String> denied = postJson(http, "/api/widget/session", refused, null, widget);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> elsewhere = postJson(http, "/api/widget/messages", refused, token, message);
    assertThat(elsewhere.statusCode()).as("WidgetFilter refuses the unlisted origin before it reads the token").isEqualTo(403);
    assertThat(elsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(postJson(http, "/api/widget/messages", customer, token + "x", message).statusCode()).isEqualTo(401);
  }

  @Test
  void customerSites_embedTheWidget_withTheirNonce() throws Exception {
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(running.app.customerOrigin + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    Matcher nonce = Pattern.compile("'nonce-([^']+)'").matcher(csp);
    assertThat(nonce.find()).isTrue();
    assertThat(page.body()).contains("<script nonce=\"" + nonce.group(1) + "\" src=\"" + app + "/static/widget.js\"")
        .contains("data-widget=\"" + running.app.demoWidgetId + "\"");
    assertThat(csp).contains("connect-src 'self' " + app);
  }

  @Test
  void connectedAccount_isStoredEncrypted_decryptsForUse_andStaysUnreadableOnceRevoked() throws Exception {
    WebClient c = signedUp(newEmail());
    c.get("/connected");
    assertThat(c.post("/connected/connect").body()).contains("ACTIVE");
    assertThat(c.post("/connected/use").body()).contains("the token starts fcrm_");
    c.post("/connected/tamper");
    String invalid = c.post("/connected/use").body();
    assertThat(invalid).contains("now INVALID").contains("id=\"credential-status\">INVALID");
    c.post("/connected/connect");
    String revoked = c.post("/connected/revoke").body();
    assertThat(revoked).contains("id=\"credential-status\">REVOKED");
    assertThat(c.post("/connected/use").body()).contains("is REVOKED: it is never decrypted");
  }

  @Test
  void audit_listsEvents_verifiesTheChain_andHoldsNoSecret() throws Exception {
    WebClient c = signedUp(newEmail());
    String session = c.cookie("__Host-session").orElseThrow();
    c.get("/keys");
    String key = c.post("/keys").body();
    c.get("/audit");
    String verified = c.post("/audit/verify").body();
    assertThat(verified).contains("The chain verifies:");
    assertThat(verified).contains("auth.signup").contains("apikey.create");

    running.app.audit.flush();
    String trail;
    try (Stream<Path> files = Files.list(data.resolve("audit"))) {
      trail = files.map(ExampleAppIT::read).collect(Collectors.joining("\n"));
    }
    Matcher m = Pattern.compile("(pw_live_[0-9A-Za-z]{49})").matcher(key);
    assertThat(m.find()).isTrue();
    assertThat(trail).contains("auth.signup").doesNotContain(PASSWORD).doesNotContain(session).doesNotContain(m.group(1));
  }

  @Test
  void audit_showsOnlyTheUsersOwnRecords_andVerifyingIsRateLimited() throws Exception {
    String aliceEmail = newEmail();
    WebClient alice = signedUp(aliceEmail);
    alice.get("/keys");
    alice.post("/keys");
    String bobEmail = newEmail();
    WebClient bob = signedUp(bobEmail);
    String aliceId = running.app.accounts.byEmail(aliceEmail).orElseThrow().id;
    String bobId = running.app.accounts.byEmail(bobEmail).orElseThrow().id;
    String page = bob.get("/audit").body();
    assertThat(page).contains("<td>user/" + bobId + "</td>").contains("auth.signup")
        .doesNotContain("user/" + aliceId + "<").doesNotContain("apikey.create");
    assertThat(alice.get("/audit").body()).contains("apikey.create").doesNotContain("user/" + bobId + "<");

    for (int i = 0; i < 10; i++) {
      assertThat(bob.post("/audit/verify").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> limited = bob.post("/audit/verify");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(limited.body()).doesNotContain("The chain verifies");
    assertThat(alice.post("/audit/verify").statusCode()).as("per user").isEqualTo(200);
  }

  @Test
  void keyRing_isCreatedOwnerOnly_andReusedOnTheNextStart() throws Exception {
    Path ring = data.resolve(KeyRingFile.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ring))).isEqualTo("rw-------");
    byte[] before = Files.readAllBytes(ring);
    assertThat(KeyRingFile.loadOrCreate(data).keyIds()).containsExactly(1);
    assertThat(Files.readAllBytes(ring)).isEqualTo(before);
  }

  @Test
  void pages_carryTheCspNonce_onEveryScript_andNoInlineHandlers() throws Exception {
    HttpResponse<String> r = new WebClient(app).get("/signin");
    String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
    Matcher nonce = Pattern.compile("'nonce-([^']+)'").matcher(csp);
    assertThat(nonce.find()).isTrue();
    List<String> scripts = Pattern.compile("<script[^>]*>").matcher(r.body()).results().map(x -> x.group()).collect(Collectors.toList());
    assertThat(scripts).isNotEmpty().allMatch(s -> s.contains("nonce=\"" + nonce.group(1) + "\""));
    assertThat(r.body()).doesNotContainPattern("(?i)\\son[a-z]+=");
    assertThat(r.body()).doesNotContain("style=");
  }

  @Test
  void unknownPaths_are404() throws Exception {
    assertThat(new WebClient(app).get("/nope").statusCode()).isEqualTo(404);
    assertThat(new WebClient(app).get("/static/../keyring.json").statusCode()).isIn(400, 404);
  }

  private static HttpResponse<String> postJson(HttpClient http, String path, String origin, String token, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app + path)).header("Origin", origin)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
