package io.hiroi.examples;

import io.hiroi.crypto.KeyRing;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.servlet.AuditContextFilter;
import io.hiroi.servlet.ClientIpResolver;
import io.hiroi.servlet.RateLimitFilter;
import io.hiroi.servlet.RateLimitKeyResolver;
import io.hiroi.servlet.SecurityHeaders;
import io.hiroi.servlet.SecurityHeadersFilter;
import io.hiroi.servlet.WidgetFilter;
import io.hiroi.servlet.WidgetSite;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example app: Parley, a small chat-widget SaaS on embedded Jetty 12 that wires hiroi's
 * modules. {@code java -jar examples/target/hiroi-example.jar} starts it on
 * {@code http://localhost:8080}, with the widget demo's customer site on port 8081 and a site that
 * is not on the widget's safelist on port 8082 (all on the loopback interface only).
 *
 * <p>Settings (system property or environment variable): {@code hiroi.example.port} /
 * {@code HIROI_EXAMPLE_PORT}, {@code hiroi.example.customer.port}, {@code hiroi.example.refused.port},
 * {@code hiroi.example.data} / {@code HIROI_EXAMPLE_DATA} (default {@code ./hiroi-example-data}:
 * the key ring file and the audit trail), {@code HIROI_REDIS_URI} (sessions, one-time tokens
 * (magic and reset links, passkey challenges), every rate limit, the TOTP replay guard, pending
 * sign-ins, recovery-code hashes and known devices in Redis: see {@link Backends}) and
 * {@code HIROI_JDBC_URL} with {@code HIROI_JDBC_USER} / {@code HIROI_JDBC_PASSWORD} (the audit
 * trail and the app's own records, such as users, TOTP envelopes, passkeys and API key hashes,
 * in PostgreSQL: see {@link Records}).
 *
 * <p>Not instantiable.
 */
public final class ExampleApp {
  private static final Logger LOG = LoggerFactory.getLogger(ExampleApp.class);

  private ExampleApp() {}

  /**
   * Starts the app and prints the URL to open; it runs until the process is stopped.
   *
   * @param args ignored
   * @throws Exception if the app cannot start (a port in use, an unreadable key ring)
   */
  public static void main(String[] args) throws Exception {
    Running running = start(AppConfig.from(System.getProperties(), System.getenv()), Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "hiroi-example-shutdown"));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println();
    out.println("Parley, the hiroi example app, is running. Open " + running.app.appOrigin);
    out.println("  widget demo: customer site " + running.app.customerOrigin + " (on the safelist), "
        + running.app.refusedOrigin + " (not on it)");
    out.println("  dev outbox (the emails it \"sent\"): " + running.app.appOrigin + "/outbox");
    out.println("Stop it with Ctrl+C.");
    running.server.join();
  }

  /** A started app: its Jetty server and its components. Close it once. */
  static final class Running implements AutoCloseable {
    final Server server;
    final App app;

    Running(Server server, App app) {
      this.server = server;
      this.app = app;
    }

    @Override
    public void close() {
      try {
        server.stop();
      } catch (Exception e) {
        LOG.warn("stopping Jetty failed: {}", e.getClass().getSimpleName());
      } finally {
        app.close();
      }
    }
  }

  static Running start(AppConfig config, Clock clock) throws Exception {
    Objects.requireNonNull(config, "config");
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("hiroi-example");
    Server server = new Server(threads);
    ServerConnector appConnector = connector(server, "app", config.port);
    ServerConnector customerConnector = connector(server, "customer", config.customerPort);
    ServerConnector refusedConnector = connector(server, "refused", config.refusedPort);
    String appOrigin = "http://" + config.host + ":" + appConnector.getLocalPort();
    String customerOrigin = "http://" + config.host + ":" + customerConnector.getLocalPort();
    String refusedOrigin = "http://" + config.host + ":" + refusedConnector.getLocalPort();

    KeyRing keyRing = KeyRingFile.loadOrCreate(config.dataDir);
    Backends backends = Backends.open(config, clock);
    App app = new App(clock, keyRing, backends, appOrigin, customerOrigin, refusedOrigin, config.chatPerMinute);
    try {
      ContextHandlerCollection contexts = new ContextHandlerCollection();
      contexts.addHandler(appContext(app));
      contexts.addHandler(customerContext(app));
      server.setHandler(contexts);
      server.setErrorHandler(new ErrorPage()); // errors outside the contexts: status and reason only
      server.start();
      return new Running(server, app);
    } catch (Exception e) {
      server.stop();
      app.close();
      throw e;
    }
  }

  private static ServerConnector connector(Server server, String name, int port) throws java.io.IOException {
    ServerConnector c = new ServerConnector(server, 1, 1);
    c.setName(name);
    c.setHost("127.0.0.1");
    c.setPort(port);
    c.open(); // bind now: with port 0 the origins are known before the app is built
    server.addConnector(c);
    return c;
  }

  /** The app's origin: filters in the order hiroi-servlet's README gives (audit context, security headers, rate limits), then the pages. */
  private static ServletContextHandler appContext(App app) {
    ServletContextHandler context = new ServletContextHandler();
    context.setVirtualHosts(List.of("@app"));
    context.setErrorHandler(new ErrorPage()); // an uncaught exception is a bare 500: no message, no cause chain
    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    // 1. A request id (echoed in X-Request-Id), the client address and user agent for every audit event of the request.
    context.addFilter(new FilterHolder(AuditContextFilter.builder(ClientIpResolver.direct()).build()), "/*", requests);
    context.addFilter(new FilterHolder(SecurityHeadersFilter.create(SecurityHeaders.defaults())), "/*", requests);
    RateLimiter widgetPerIp = RateLimiter.builder("widget-session-ip", app.backends.rateLimits).limit(Limit.perMinute("minute", 60)).build();
    context.addFilter(new FilterHolder(RateLimitFilter.builder(widgetPerIp, RateLimitKeyResolver.ip(ClientIpResolver.direct())).build()),
        "/api/widget/session", requests);
    // 4b. The app's pages: SessionFilter validates the __Host-session cookie (pages redirect to sign-in themselves).
    context.addFilter(new FilterHolder(app.sessions.filter(app.clock)), "/*", requests);
    add(context, new AccountPages(app), "", "/signup", "/signin", "/signout", "/magic-link", "/magic");
    add(context, new SignInSteps(app), "/signin/*");
    add(context, new ResetPages(app), "/forgot", "/reset");
    add(context, new SessionPages(app), "/sessions", "/sessions/*");
    add(context, new SecurityPages(app), "/security", "/security/*");
    add(context, new KeyPages(app), "/keys", "/keys/*");
    add(context, new OutboxPage(app), "/outbox");
    add(context, new WidgetDemoPage(app), "/widget");
    add(context, new ConnectedPages(app), "/connected", "/connected/*");
    add(context, new AuditPages(app), "/audit", "/audit/*");
    // 4a. The widget API: Origin safelist, CORS preflights and headers, the widget session token.
    WidgetFilter widgetApi = WidgetFilter.builder(app.widgetTokens, app.cors, WidgetSite.of(app.demoWidgetId, app.demoSafelist))
        .originOnly("/api/widget/session")
        .denialHandler(WidgetApi.denials(app))
        .build();
    context.addFilter(new FilterHolder(widgetApi), "/api/widget/*", requests);
    add(context, new WidgetApi(app), "/api/widget/*");
    add(context, new StaticFiles(), "/static/*");
    add(context, new NotFound(app), "/");
    return context;
  }

  /** The customer sites: their own CSP lets the page load the widget from, and talk to, the app's origin. */
  private static ServletContextHandler customerContext(App app) {
    ServletContextHandler context = new ServletContextHandler();
    context.setVirtualHosts(List.of("@customer", "@refused"));
    context.setErrorHandler(new ErrorPage());
    SecurityHeaders headers = SecurityHeaders.builder()
        .cspDirective("connect-src", "'self' " + app.appOrigin)
        .cspDirective("style-src", "'self' 'nonce-{nonce}' " + app.appOrigin)
        .build();
    context.addFilter(new FilterHolder(SecurityHeadersFilter.create(headers)), "/*", EnumSet.of(DispatcherType.REQUEST));
    add(context, new CustomerSite(app), "/");
    return context;
  }

  private static void add(ServletContextHandler context, Servlet servlet, String... paths) {
    ServletHolder holder = new ServletHolder(servlet);
    for (String p : paths) {
      context.addServlet(holder, p);
    }
  }
}
