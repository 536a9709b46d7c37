package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.RateLimitBackend;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.testing.ReadmeSnippets;
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
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The README's hiroi-servlet example, run in a real Jetty; the README copy must match. */
class ReadmeExamplesIT {
  @Test
  void readmeShowsTheseExamples() {
    ReadmeSnippets.assertReadmeMatches(Paths.get("src/test/java/io/hiroi/servlet/ReadmeExamplesIT.java"));
  }

  @Test
  void filtersInJetty() throws Exception {
    RateLimitBackend backend = InMemoryRateLimitBackend.create();
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    // region readme:servlet-filters
    ClientIpResolver ips = ClientIpResolver.builder()
        .trustProxy("10.0.0.0/8") // your load balancers; X-Forwarded-For is read from the right
        .build();
    RateLimiter apiPerIp = RateLimiter.builder("api-ip", backend).limit(Limit.perMinute("minute", 120)).build();

    ServletContextHandler context = new ServletContextHandler();
    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    // 1. Security headers on every response, with a CSP nonce for the page.
    context.addFilter(new FilterHolder(SecurityHeadersFilter.create(SecurityHeaders.defaults())), "/*", requests);
    // 2. Rate limits: 429 with Retry-After and RateLimit headers; an unavailable Redis denies.
    context.addFilter(new FilterHolder(RateLimitFilter.builder(apiPerIp, RateLimitKeyResolver.ip(ips)).build()), "/api/*", requests);
    context.addServlet(new ServletHolder(new Api()), "/api/*");
    // endregion
    server.setHandler(context);
    server.start();
    try {
      int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
      assertThat(r.headers().firstValue("RateLimit")).contains("\"minute\";r=119;t=1");
    } finally {
      server.stop();
    }
  }

  private static final class Api extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.getWriter().write("ok");
    }
  }
}
