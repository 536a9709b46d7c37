package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.ClientInfo;
import io.hiroi.auth.CsrfTokens;
import io.hiroi.auth.InMemorySessionStore;
import io.hiroi.auth.SessionCookie;
import io.hiroi.auth.SessionManager;
import io.hiroi.auth.SessionStore;
import io.hiroi.crypto.KeyRing;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.RateLimitBackend;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.testing.ReadmeSnippets;
import io.hiroi.widget.CorsHeaders;
import io.hiroi.widget.OriginSafelist;
import io.hiroi.widget.WidgetSessionTokens;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The README's hiroi-servlet examples, run in a real Jetty; the README copy must match. */
class ReadmeExamplesIT {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void readmeShowsTheseExamples() {
    ReadmeSnippets.assertReadmeMatches(Paths.get("src/test/java/io/hiroi/servlet/ReadmeExamplesIT.java"));
  }

  @Test
  void filtersInJetty() throws Exception {
    RateLimitBackend backend = InMemoryRateLimitBackend.create();
    SessionStore sessionStore = InMemorySessionStore.create();
    KeyRing keyRing = KeyRing.builder().addKey(1, new byte[32]).primary(1).build();
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    // region readme:servlet-filters
    ClientIpResolver ips = ClientIpResolver.builder()
        .trustProxy("10.0.0.0/8") // your load balancers; X-Forwarded-For is read from the right
        .build();
    RateLimiter perIp = RateLimiter.builder("ip", backend).limit(Limit.perMinute("minute", 120)).build();
    SessionManager sessions = SessionManager.builder(sessionStore).build();
    WidgetSessionTokens widgetTokens = WidgetSessionTokens.builder(keyRing).build();
    WidgetSite widget = WidgetSite.of("w42", OriginSafelist.builder().allow("https://shop.example.com").build());
    CorsHeaders cors = CorsHeaders.builder().allowMethods("GET", "POST").allowHeaders("Authorization", "Content-Type").build();

    ServletContextHandler context = new ServletContextHandler();
    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    // 1. A request id, the client's address and user agent, for logs and audit events.
    context.addFilter(new FilterHolder(AuditContextFilter.builder(ips).build()), "/*", requests);
    // 2. Security headers on every response, with a CSP nonce for the page.
    context.addFilter(new FilterHolder(SecurityHeadersFilter.create(SecurityHeaders.defaults())), "/*", requests);
    // 3. Rate limits: 429 with Retry-After and RateLimit headers; an unavailable Redis denies.
    context.addFilter(new FilterHolder(RateLimitFilter.builder(perIp, RateLimitKeyResolver.ip(ips)).build()), "/*", requests);
    // 4a. The widget API: Origin safelist, CORS preflights, the widget session token.
    WidgetFilter widgetApi = WidgetFilter.builder(widgetTokens, cors, widget).originOnly("/widget-api/session").build();
    context.addFilter(new FilterHolder(widgetApi), "/widget-api/*", requests);
    // 4b. The app: the __Host- session cookie; sign-in and sign-up work without a session.
    SessionFilter appSessions = SessionFilter.builder(sessions, SessionCookie.builder().build())
        .optional("/app/login", "/app/signup")
        .denialHandler(DenialHandler.redirectToSignIn("/app/login"))
        .build();
    context.addFilter(new FilterHolder(appSessions), "/app/*", requests);
    // 5. CSRF on the app's POST, PUT, PATCH and DELETE; a masked token for every page.
    CsrfFilter csrf = CsrfFilter.builder(CsrfTokens.trusting(Set.of("https://app.example")))
        .originCheckOnly("/app/login", "/app/signup")
        .build();
    context.addFilter(new FilterHolder(csrf), "/app/*", requests);
    context.addServlet(new ServletHolder(new App()), "/*");
    // endregion
    server.setHandler(context);
    server.start();
    try {
      String base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      HttpResponse<String> signedOut = get(base + "/app/items");
      assertThat(signedOut.statusCode()).isEqualTo(303);
      assertThat(signedOut.headers().firstValue("Location")).contains("/app/login");
      assertThat(signedOut.headers().firstValue("X-Request-Id")).isPresent();
      assertThat(signedOut.headers().firstValue("Content-Security-Policy")).isPresent();
      assertThat(signedOut.headers().firstValue("RateLimit")).contains("\"minute\";r=119;t=1");
      assertThat(get(base + "/app/login").body()).isEqualTo("user=anonymous csrf=none visitor=none audit ip=127.0.0.1");

      String token = sessions.create("alice", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();
      String page = get(base + "/app/items", "Cookie", "__Host-session=" + token).body();
      assertThat(page).matches("user=alice csrf=[A-Za-z0-9_-]{86} visitor=none audit ip=127\\.0\\.0\\.1");

      String widgetToken = widgetTokens.issue("w42", "https://shop.example.com", "visitor-9");
      HttpResponse<String> chat = get(base + "/widget-api/messages", "Origin", "https://shop.example.com", "Authorization", "Bearer " + widgetToken);
      assertThat(chat.body()).isEqualTo("user=anonymous csrf=none visitor=visitor-9 audit ip=127.0.0.1");
      assertThat(chat.headers().firstValue("Access-Control-Allow-Origin")).contains("https://shop.example.com");
    } finally {
      server.stop();
    }
  }

  private HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final class App extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      // region readme:servlet-app
      Optional<CurrentSession> session = SessionFilter.current(request);  // the signed-in user, if any
      Optional<String> csrfToken = CsrfFilter.token(request);             // into the page's forms as _csrf
      Optional<WidgetVisitor> visitor = WidgetFilter.visitor(request);    // widget id, page origin, visitor id
      AuditContext audit = AuditContext.current().orElseThrow();          // request id, client ip, user agent
      AuditEvent event = audit.applyTo(AuditEvent.builder(Clock.systemUTC(), "app.page.viewed"))
          .actor(session.map(CurrentSession::userId).orElse("anonymous"))
          .build();
      // endregion
      response.getWriter().write("user=" + event.actor().orElseThrow()
          + " csrf=" + csrfToken.orElse("none")
          + " visitor=" + visitor.map(WidgetVisitor::visitorId).orElse("none")
          + " audit ip=" + event.ip().orElse("-"));
    }
  }
}
