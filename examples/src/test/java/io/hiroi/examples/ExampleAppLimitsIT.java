package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running app's limits and failure pages over HTTP: sign-up and magic links rate-limited per
 * client address and per email address, a full one-time token store answered with a 503 page, a
 * password over the hasher's UTF-8 limit answered with a form error instead of a 500. A
 * fresh app per test, since each one uses up a limit or fills a store.
 */
class ExampleAppLimitsIT {
  private static final String PASSWORD = "correct horse battery staple";
  @TempDir Path data;
  private ExampleApp.Running running;
  private String app;

  @BeforeEach
  void start() throws Exception {
    running = ExampleApp.start(AppConfig.builder().randomPorts().dataDir(data).build(), Clock.systemUTC());
    app = running.app.appOrigin;
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private long mails(String to) {
    return running.app.outbox.all().stream().filter(e -> e.to.equalsIgnoreCase(to)).count();
  }

  private static void assertTooMany(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    assertThat(r.body()).contains("Try again in");
  }

  @Test
  void signUp_isLimitedPerEmail_soTheOwnerIsNotMailedWithoutEnd() throws Exception {
    String email = "owner@example.com";
    WebClient c = new WebClient(app);
    c.get("/signup");
    assertThat(c.post("/signup", "email", email, "password", PASSWORD).statusCode()).isEqualTo(303);
    WebClient other = new WebClient(app);
    other.get("/signup");
    for (int i = 1; i < 5; i++) {
      assertThat(other.post("/signup", "email", i % 2 == 0 ? email : email.toUpperCase(java.util.Locale.ROOT), "password", PASSWORD)
          .statusCode()).isEqualTo(409);
    }
    assertThat(mails(email)).isEqualTo(4);
    assertTooMany(other.post("/signup", "email", email, "password", PASSWORD));
    assertThat(mails(email)).as("no fifth 'someone tried to sign up' mail").isEqualTo(4);
    assertThat(other.post("/signup", "email", "someone-else@example.com", "password", PASSWORD).statusCode())
        .as("another address from the same client still works").isEqualTo(303);
  }

  @Test
  void passkeySignInOptions_areLimitedPerClientAddress_soAFloodCannotFillTheTokenStore() throws Exception {
    WebClient c = new WebClient(app);
    c.get("/signin");
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r = c.post("/signin/passkey/options");
      assertThat(r.statusCode()).as("options %d", i).isEqualTo(200);
      assertThat(r.body()).contains("\"challenge\"");
    }
    HttpResponse<String> refused = c.post("/signin/passkey/options");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    assertThat(refused.body()).contains("\"ok\":false").contains("Too many sign-in attempts").doesNotContain("challenge");
  }

  @Test
  void signUp_isLimitedPerClientAddress() throws Exception {
    WebClient c = new WebClient(app);
    c.get("/signup");
    for (int i = 0; i < 60; i++) {
      assertThat(c.post("/signup", "email", "u" + i + "@example.com", "password", "short").statusCode()).isEqualTo(400);
    }
    assertTooMany(c.post("/signup", "email", "u60@example.com", "password", PASSWORD));
    assertThat(running.app.accounts.byEmail("u60@example.com")).isEmpty();
  }

  @Test
  void magicLinks_areLimitedPerEmail_andPerClientAddress() throws Exception {
    String email = "magic@example.com";
    WebClient c = new WebClient(app);
    c.get("/signup");
    c.post("/signup", "email", email, "password", PASSWORD);
    WebClient asker = new WebClient(app);
    asker.get("/signin");
    for (int i = 0; i < 5; i++) {
      assertThat(asker.post("/magic-link", "email", email).body()).contains(AccountPages.MAGIC_LINK_SENT);
    }
    assertThat(mails(email)).isEqualTo(5);
    assertTooMany(asker.post("/magic-link", "email", email));
    for (int i = 6; i < 30; i++) {
      assertThat(asker.post("/magic-link", "email", "n" + i + "@example.com").statusCode()).as("other addresses, request %d", i).isEqualTo(200);
    }
    assertTooMany(asker.post("/magic-link", "email", "n30@example.com"));
    assertThat(mails(email)).as("no sixth link").isEqualTo(5);
  }

  @Test
  void aPasswordOverTheHashersByteLimit_isAFormError_notA500() throws Exception {
    String euros = "€".repeat(running.app.hasher.maxPasswordBytes() / 3 + 1); // few characters, too many UTF-8 bytes
    WebClient c = new WebClient(app);
    c.get("/signup");
    HttpResponse<String> r = c.post("/signup", "email", "euro@example.com", "password", euros);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("id=\"signup-form\"").contains("Choose a password of at most").doesNotContain("Exception");
    assertThat(running.app.accounts.byEmail("euro@example.com")).isEmpty();
    c.get("/signin");
    assertThat(c.post("/signin", "email", "euro@example.com", "password", euros).statusCode()).as("sign-in: never a match, no 500").isEqualTo(401);
  }

  private String resetToken(WebClient c, String email) throws Exception {
    c.get("/forgot");
    c.post("/forgot", "email", email);
    String link = running.app.outbox.all().stream().filter(e -> e.to.equals(email) && e.subject.equals("Reset your password"))
        .findFirst().orElseThrow().link;
    return link.substring(link.indexOf("token=") + "token=".length());
  }

  @Test
  void passwordReset_countsCharacters_andKeepsTheLinkWhileItStillWorks() throws Exception {
    String email = "reset@example.com";
    WebClient owner = new WebClient(app);
    owner.get("/signup");
    owner.post("/signup", "email", email, "password", PASSWORD);
    WebClient c = new WebClient(app);
    String token = resetToken(c, email);
    c.get("/reset?token=" + token);
    String nineEmoji = "\uD83D\uDE00".repeat(9); // 18 UTF-16 units, 9 characters: too short
    HttpResponse<String> tooShort = c.post("/reset", "token", token, "password", nineEmoji);
    assertThat(tooShort.statusCode()).isEqualTo(400);
    assertThat(tooShort.body()).contains("at least 10 characters").contains("id=\"reset-form\"");

    WebClient other = new WebClient(app);
    other.get("/reset?token=x");
    for (int i = 0; i < 30; i++) {
      other.post("/reset", "token", "not-a-token-" + i, "password", "a brand new passphrase");
    }
    HttpResponse<String> throttled = other.post("/reset", "token", token, "password", "a brand new passphrase");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    assertThat(throttled.body()).contains("the link still works").contains("id=\"reset-form\"").contains(token)
        .doesNotContain("invalid, expired or already used");
    assertThat(owner.isSignedIn()).as("nothing changed").isTrue();
  }

  @Test
  void aFullTokenStore_isA503Page_notA500() throws Exception {
    String email = "full@example.com";
    WebClient c = new WebClient(app);
    c.get("/signup");
    c.post("/signup", "email", email, "password", PASSWORD);
    try {
      for (int i = 0; i < io.hiroi.auth.InMemoryOneTimeTokenStore.DEFAULT_MAX_TOKENS; i++) {
        running.app.backends.oneTimeTokens.put("filler" + i, "x", Duration.ofHours(1));
      }
    } catch (io.hiroi.auth.AuthStoreException full) {
      // full already: the app had tokens of its own
    }
    WebClient asker = new WebClient(app);
    asker.get("/signin");
    HttpResponse<String> r = asker.post("/magic-link", "email", email);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains(AppServlet.STORE_DOWN).doesNotContain("Exception");
    assertThat(mails(email)).isZero();
  }
}
