package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import javax.imageio.ImageIO;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * The example app in headless Chromium: sign up, sign out, sign in; TOTP enrolment from the QR
 * code (decoded with ZXing from a screenshot, codes computed by java-otp) and sign-in with
 * password and code; passkey registration and usernameless sign-in through the DevTools WebAuthn
 * virtual authenticator; the widget on the safelisted origin and on a refused one; sign out
 * everywhere ending another browser's session. Pages come from {@code http://localhost}.
 * Run with {@code mvn -pl examples -am verify -Pbrowser-tests} (see {@code .ci/run}).
 */
class ExampleAppBrowserIT {
  private static final String PASSWORD = "correct horse battery staple";
  /** Where the README's screenshots go: {@code target/readme-screenshots} unless {@code -Dhiroi.screenshots=DIR}. */
  private static final Path SHOTS = Path.of(System.getProperty("hiroi.screenshots", "target/readme-screenshots"));
  private static final AtomicInteger USERS = new AtomicInteger();

  @TempDir static Path data;
  static ExampleApp.Running running;
  static String app;

  @RegisterExtension final Browsers browsers = new Browsers();

  @BeforeAll
  static void start() throws Exception {
    running = ExampleApp.start(AppConfig.builder().randomPorts().dataDir(data).chatPerMinute(3).build(), Clock.systemUTC());
    app = running.app.appOrigin;
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  private static String newEmail() {
    return "browser" + USERS.incrementAndGet() + "@example.com";
  }

  private static WebDriverWait waiting(WebDriver d) {
    return new WebDriverWait(d, Duration.ofSeconds(15));
  }

  private static void signUp(WebDriver d, String email) {
    d.get(app + "/signup");
    d.findElement(By.id("email")).sendKeys(email);
    d.findElement(By.id("password")).sendKeys(PASSWORD);
    d.findElement(By.id("signup")).click();
    waiting(d).until(ExpectedConditions.presenceOfElementLocated(By.id("welcome")));
  }

  private static void signIn(WebDriver d, String email, String password) {
    d.get(app + "/signin");
    d.findElement(By.id("email")).sendKeys(email);
    d.findElement(By.id("password")).sendKeys(password);
    d.findElement(By.id("signin")).click();
  }

  @Test
  void signUp_signOut_signIn() {
    ChromeDriver d = browsers.open();
    String email = newEmail();
    signUp(d, email);
    assertThat(d.findElement(By.id("welcome")).getText()).contains("Signed in as " + email);
    org.openqa.selenium.Cookie session = d.manage().getCookieNamed("__Host-session");
    assertThat(session).as("the browser kept the __Host- cookie on http://localhost").isNotNull();
    assertThat(session.getValue()).matches("s1\\.[0-9a-f]{4}\\.[A-Za-z0-9_-]{43}");
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.isSecure()).isTrue();
    assertThat(session.getPath()).isEqualTo("/");
    Browsers.screenshot(d, SHOTS.resolve("dashboard.png"));

    d.findElement(By.cssSelector("nav button")).click();
    waiting(d).until(ExpectedConditions.urlToBe(app + "/signin"));
    assertThat(d.manage().getCookieNamed("__Host-session")).isNull();

    signIn(d, email, "a wrong password!");
    assertThat(waiting(d).until(ExpectedConditions.presenceOfElementLocated(By.id("error"))).getText())
        .isEqualTo("Invalid email or password.");
    signIn(d, email, PASSWORD);
    assertThat(waiting(d).until(ExpectedConditions.presenceOfElementLocated(By.id("welcome"))).getText()).contains(email);
  }

  private static void signOut(WebDriver d) {
    d.findElement(By.cssSelector("nav button")).click();
    waiting(d).until(ExpectedConditions.urlToBe(app + "/signin"));
  }

  @Test
  void totp_enrolFromTheQrCode_thenSignInWithPasswordAndCode() throws Exception {
    ChromeDriver d = browsers.open();
    String email = newEmail();
    signUp(d, email);
    d.get(app + "/security");
    d.findElement(By.cssSelector("form[action='/security/totp/start'] button")).click();
    WebElement qr = waiting(d).until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-qr")));
    Browsers.screenshot(d, SHOTS.resolve("security-totp.png"));
    // The test is the user's phone: it reads the QR code off the screen.
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(qr.getScreenshotAs(OutputType.BYTES)));
    String uri = QrImages.decode(picture);
    assertThat(uri).startsWith("otpauth://totp/Parley:").contains("issuer=Parley");
    TestTotp phone = TestTotp.fromUri(uri);
    String shown = d.findElement(By.id("totp-secret")).getText().replace(" ", "");
    assertThat(uri).as("the key shown for manual entry is the QR code's").contains("secret=" + shown);

    d.findElement(By.id("totp-code")).sendKeys(phone.nextCode());
    d.findElement(By.id("confirm-totp")).click();
    assertThat(waiting(d).until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-codes")))
        .findElements(By.tagName("li"))).hasSize(10);
    d.findElement(By.id("done")).click();
    assertThat(waiting(d).until(ExpectedConditions.presenceOfElementLocated(By.id("totp-status"))).getText()).startsWith("On");

    signOut(d);
    signIn(d, email, PASSWORD);
    waiting(d).until(ExpectedConditions.urlToBe(app + "/signin/second"));
    assertThat(d.manage().getCookieNamed("__Host-session")).as("not signed in yet").isNull();
    d.findElement(By.id("totp-code")).sendKeys(phone.nextCode());
    d.findElement(By.id("verify-code")).click();
    assertThat(waiting(d).until(ExpectedConditions.presenceOfElementLocated(By.id("welcome"))).getText())
        .contains(email).contains("password + totp");
  }

  @Test
  void passkey_registerOnTheSecurityPage_thenSignInWithoutAUsername() {
    ChromeDriver d = browsers.open();
    VirtualAuthenticator authenticator = d.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
        .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
    String email = newEmail();
    signUp(d, email);
    d.get(app + "/security");
    d.findElement(By.id("passkey-register")).click();
    waiting(d).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#passkey-list tr.passkey")));
    List<Credential> stored = authenticator.getCredentials();
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).isResidentCredential()).isTrue();

    signOut(d);
    Browsers.screenshot(d, SHOTS.resolve("signin.png"));
    d.findElement(By.id("passkey-signin")).click();
    assertThat(waiting(d).until(ExpectedConditions.presenceOfElementLocated(By.id("welcome"))).getText())
        .contains(email).contains("signed in with passkey");
    d.removeVirtualAuthenticator(authenticator);
  }

  @Test
  void widget_works_onTheSafelistedOrigin_untilRateLimited_andIsRefusedElsewhere() {
    ChromeDriver d = browsers.open();
    d.get(running.app.customerOrigin + "/");
    WebDriverWait wait = waiting(d);
    wait.until(ExpectedConditions.textToBe(By.id("parley-status"), "Connected"));
    for (int i = 1; i <= 3; i++) {
      d.findElement(By.id("parley-input")).sendKeys("Do you have gravel bikes? (" + i + ")");
      d.findElement(By.id("parley-send")).click();
      int replies = i + 1; // the greeting and one reply per message
      wait.until(x -> x.findElements(By.cssSelector("#parley-log .bot")).size() == replies);
    }
    assertThat(d.findElement(By.cssSelector("#parley-log .bot:last-child")).getText()).startsWith("Thanks!");
    Browsers.screenshot(d, SHOTS.resolve("widget.png"));
    d.findElement(By.id("parley-input")).sendKeys("One more?");
    d.findElement(By.id("parley-send")).click();
    wait.until(ExpectedConditions.textMatches(By.id("parley-status"), java.util.regex.Pattern.compile("too fast\\. Try again in \\d+ s\\.")));

    d.get(running.app.refusedOrigin + "/");
    wait.until(ExpectedConditions.textToBe(By.id("parley-status"), "This chat is not available on this site."));
    assertThat(d.findElement(By.id("parley-input")).isEnabled()).isFalse();
  }

  @Test
  void signOutEverywhere_endsTheOtherBrowsersSession() {
    String email = newEmail();
    ChromeDriver first = browsers.open();
    signUp(first, email);
    ChromeDriver second = browsers.open();
    signIn(second, email, PASSWORD);
    waiting(second).until(ExpectedConditions.presenceOfElementLocated(By.id("welcome")));

    first.get(app + "/sessions");
    assertThat(first.findElements(By.cssSelector("#sessions tr.session"))).hasSize(2);
    Browsers.screenshot(first, SHOTS.resolve("sessions.png"));
    first.findElement(By.cssSelector("button.danger")).click();
    waiting(first).until(ExpectedConditions.urlToBe(app + "/signin"));

    second.get(app + "/sessions");
    assertThat(second.getCurrentUrl()).isEqualTo(app + "/signin");
    assertThat(second.findElements(By.id("welcome"))).isEmpty();
  }

  /** The plumbing the passkey tests will need: Chromium's virtual authenticator creates and asserts a resident credential. */
  @Test
  void virtualAuthenticator_createsAndUsesADiscoverableCredential_onLocalhost() {
    ChromeDriver d = browsers.open();
    VirtualAuthenticator authenticator = d.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
        .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
    d.get(app + "/signin");
    Object created = ((JavascriptExecutor) d).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "navigator.credentials.create({publicKey: {challenge: crypto.getRandomValues(new Uint8Array(32)),"
            + " rp: {name: 'Parley', id: 'localhost'}, user: {id: new Uint8Array([1, 2, 3, 4]), name: 'a@example.com', displayName: 'A'},"
            + " pubKeyCredParams: [{type: 'public-key', alg: -7}],"
            + " authenticatorSelection: {residentKey: 'required', userVerification: 'required'}}})"
            + ".then(c => done({type: c.type, id: c.id, attachment: c.authenticatorAttachment}), e => done({error: e.name}));");
    @SuppressWarnings("unchecked")
    Map<String, Object> c = (Map<String, Object>) created;
    assertThat(c).containsEntry("type", "public-key").doesNotContainKey("error");
    List<Credential> stored = authenticator.getCredentials();
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).isResidentCredential()).isTrue();

    Object asserted = ((JavascriptExecutor) d).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "navigator.credentials.get({publicKey: {challenge: crypto.getRandomValues(new Uint8Array(32)), rpId: 'localhost',"
            + " userVerification: 'required'}}).then(a => done(a.id), e => done('error: ' + e.name));");
    assertThat(asserted).as("usernameless: no allowCredentials, the resident key answers").isEqualTo(c.get("id"));
    d.removeVirtualAuthenticator(authenticator);
  }
}
