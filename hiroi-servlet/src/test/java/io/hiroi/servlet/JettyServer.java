package io.hiroi.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real embedded Jetty 12 on a random loopback port with the filters under test in front of a
 * servlet that answers 200 "app" and counts its calls, and a JDK HTTP client for real requests.
 */
final class JettyServer implements AutoCloseable {
  final AtomicInteger appCalls = new AtomicInteger();
  private final Server server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final int port;

  private JettyServer(Object... filtersAndPaths) throws Exception {
    server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    for (int i = 0; i < filtersAndPaths.length; i += 2) {
      context.addFilter(new FilterHolder((Filter) filtersAndPaths[i]), (String) filtersAndPaths[i + 1], EnumSet.of(DispatcherType.REQUEST));
    }
    context.addServlet(new ServletHolder(new App()), "/*");
    server.setHandler(context);
    server.start();
    port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  static JettyServer start(Filter... filters) throws Exception {
    Object[] mapped = new Object[filters.length * 2];
    for (int i = 0; i < filters.length; i++) {
      mapped[2 * i] = filters[i];
      mapped[2 * i + 1] = "/*";
    }
    return new JettyServer(mapped);
  }

  /** Starts with each filter on its own path spec, in the order given: filter, path spec, filter, path spec... */
  static JettyServer mapped(Object... filtersAndPaths) throws Exception {
    return new JettyServer(filtersAndPaths);
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return send("GET", path, null, headers);
  }

  /** Sends a request; a non-null body goes as {@code application/x-www-form-urlencoded} unless a Content-Type is given. */
  HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    boolean typed = false;
    for (int i = 0; i < headers.length; i += 2) {
      typed |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (body != null && !typed) {
      b.header("Content-Type", "application/x-www-form-urlencoded");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpRequest request = b.build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      // A pooled connection that Jetty closed after a denial that left a request body unread: the
      // JDK client retries only idempotent requests on it, so a POST is sent again here, once.
      if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
        throw e;
      }
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("stopping Jetty failed", e);
    }
  }

  /**
   * Answers every method with "app", then what the filters handed it: the CSP nonce, the session's
   * user, the widget visitor, the CSRF token and the audit context's request id and address.
   */
  private final class App extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      appCalls.incrementAndGet();
      StringBuilder out = new StringBuilder("app");
      Object nonce = req.getAttribute(SecurityHeadersFilter.CSP_NONCE_ATTRIBUTE);
      if (nonce != null) {
        out.append(" nonce=").append(nonce);
      }
      SessionFilter.current(req).ifPresent(s -> out.append(" user=").append(s.userId()));
      WidgetFilter.visitor(req).ifPresent(v -> out.append(" visitor=").append(v.visitorId()).append('@').append(v.origin()));
      WidgetFilter.allowedOrigin(req).ifPresent(o -> out.append(" origin=").append(o));
      CsrfFilter.token(req).ifPresent(t -> out.append(" csrf=").append(t));
      AuditContextFilter.context(req).ifPresent(c -> out.append(" rid=").append(c.requestId()).append(" ip=").append(c.ip().orElse("-")));
      AuditContext.current().ifPresent(c -> out.append(" bound=").append(c.requestId()));
      resp.setContentType("text/plain; charset=utf-8");
      resp.getWriter().write(out.toString());
    }
  }
}
