package io.hiroi.widget;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.crypto.ApiKey;
import io.hiroi.crypto.ApiKeyCheck;
import io.hiroi.crypto.KeyRing;
import io.hiroi.testing.ReadmeSnippets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The README's hiroi-widget-token examples, compiled and run here; {@link #readmeShowsTheseExamples()}
 * fails when the README copy drifts from this file.
 */
class ReadmeExamplesTest {
  private final KeyRing keyRing = KeyRing.builder().addGeneratedKey(1).primary(1).build();
  private final Map<String, String> response = new LinkedHashMap<>();
  private final List<String> logged = new ArrayList<>();
  private int status;

  @Test
  void readmeShowsTheseExamples() {
    ReadmeSnippets.assertReadmeMatches(Paths.get("src/test/java/io/hiroi/widget/ReadmeExamplesTest.java"));
  }

  @Test
  void safelistAndCors() {
    String originHeader = "https://Shop.Example.com:443";
    // region readme:widget-safelist
    OriginSafelist safelist = OriginSafelist.builder()
        .allow("https://shop.example.com")
        .allow("https://*.example.org")     // exactly one label: x.example.org, not example.org
        .build();
    CorsHeaders cors = CorsHeaders.builder()
        .allowMethods("GET", "POST")
        .allowHeaders("Authorization", "Content-Type")
        .build();

    OriginCheck origin = safelist.check(originHeader); // null when the request has no Origin
    if (!origin.isAllowed()) {
      log("widget request denied: " + origin.denial().get()); // NOT_ALLOWED, USERINFO, OPAQUE, ...
      cors.vary().forEach(this::setHeader);
      reply(403);
      return;
    }
    cors.actualResponse(origin).forEach(this::setHeader); // echoes "https://shop.example.com", Vary: Origin
    // endregion
    assertThat(response).containsEntry("Access-Control-Allow-Origin", "https://shop.example.com")
        .containsEntry("Vary", "Origin");
    assertThat(safelist.check("https://a.example.org").isAllowed()).isTrue();
    assertThat(safelist.check("https://example.org").isAllowed()).isFalse();
    assertThat(logged).isEmpty();
  }

  @Test
  void sessionTokens() {
    String widgetId = "w42";
    String originHeader = "https://shop.example.com";
    String bearer;
    // region readme:widget-tokens
    WidgetSessionTokens sessions = WidgetSessionTokens.builder(keyRing)
        .ttl(Duration.ofHours(1)) // 1 minute to 24 hours; default 1 hour, leeway 30 s
        .build();

    // The widget loads on an allowed page: issue a token bound to the widget and that origin.
    String token = sessions.issue(widgetId, "https://shop.example.com", "visitor-8c1f");

    // Each API call from the page: the endpoint's widget id and the request's Origin must match.
    WidgetSessionVerification v = sessions.verify(token, widgetId, originHeader);
    if (!v.isValid()) {
      log("widget token rejected: " + v.failure().get()); // EXPIRED, WRONG_ORIGIN, WRONG_WIDGET, ...
      reply(401);
      return;
    }
    String visitor = v.visitorId(); // "visitor-8c1f"
    // endregion
    bearer = token;
    assertThat(visitor).isEqualTo("visitor-8c1f");
    assertThat(sessions.verify(bearer, "w43", originHeader).failure()).contains(WidgetSessionVerification.Failure.WRONG_WIDGET);
    assertThat(status).isZero();
  }

  @Test
  void hostBackendSecrets() {
    // region readme:widget-host-secrets
    WidgetSessionTokens sessions = WidgetSessionTokens.builder(keyRing).build();
    VisitorIdentity identity = VisitorIdentity.create(keyRing);
    // Shown to the customer once (base64url), with the kid their tokens must carry:
    byte[] signingSecret = sessions.widgetSecret("w42").toByteArray(); // HS256 key of w42's tokens
    String kid = sessions.keyId("w42");                                 // "w42.1"
    byte[] identitySecret = identity.identitySecret("w42").toByteArray(); // for user_hash, a separate key

    // The widget sends the visitor id and the user_hash its host page was given:
    boolean sameVisitor = identity.verify("w42", "visitor-8c1f", userHashFromPage());
    // endregion
    assertThat(kid).isEqualTo("w42.1");
    assertThat(signingSecret).hasSize(32).isNotEqualTo(identitySecret);
    assertThat(sameVisitor).isTrue();
  }

  @Test
  void widgetApiKeys() {
    Set<String> repository = new HashSet<>();
    // region readme:widget-apikeys
    String widgetId = WidgetApiKeys.newWidgetId(); // "wgt_..." public: safe in the embed code
    WidgetApiKeys serverKeys = WidgetApiKeys.create(keyRing, "hw_live");
    ApiKey key = serverKeys.generate();              // shown once to the customer
    repository.add(serverKeys.hash(widgetId, key));  // the stored hash binds the widget id

    // A server-to-server call to widget B with a key of widget A finds no row, like an unknown key:
    ApiKeyCheck check = serverKeys.parse(key.reveal());
    boolean authorized = check.isValid()
        && serverKeys.lookupHashes(widgetId, check.key()).stream().anyMatch(repository::contains);
    // endregion
    assertThat(authorized).isTrue();
    assertThat(serverKeys.lookupHashes("wgt_other", key).stream().anyMatch(repository::contains)).isFalse();
  }

  private String userHashFromPage() {
    return VisitorIdentity.create(keyRing).userHash("w42", "visitor-8c1f");
  }

  private void log(String line) {
    logged.add(line);
  }

  private void setHeader(String name, String value) {
    response.put(name, value);
  }

  private void reply(int code) {
    status = code;
  }
}
