package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The app's Jetty error page: an uncaught exception answers a bare 500, without its message or cause chain. */
class ErrorPageTest {
  /** Throws an exception whose message and cause hold what must not reach the browser. */
  static final class Throwing extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      throw new IllegalStateException("secret-message jdbc:postgresql://db.internal/app",
          new IllegalArgumentException("secret-cause password=hunter2"));
    }
  }

  @Test
  void anUncaughtException_isA500_withNoExceptionText() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setErrorHandler(new ErrorPage());
    context.addServlet(new ServletHolder(new Throwing()), "/boom");
    server.setHandler(context);
    server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/boom");
      for (String accept : new String[] {"text/html", "text/plain", "application/json", "*/*"}) {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Accept", accept).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).as(accept).contains("Server Error")
            .doesNotContain("secret").doesNotContain("Exception").doesNotContain("jdbc").doesNotContain("hunter2");
      }
    } finally {
      server.stop();
    }
  }
}
