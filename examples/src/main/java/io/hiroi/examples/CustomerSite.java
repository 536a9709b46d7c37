package io.hiroi.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The widget demo's customer sites, on their own ports (so their own origins): a pretend shop page
 * that embeds the Parley widget with one script tag. The same page is served on the safelisted
 * origin and on one that is not on the safelist, where the widget is refused.
 */
final class CustomerSite extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient App app;

  CustomerSite(App app) {
    this.app = Objects.requireNonNull(app, "app");
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"/".equals(req.getRequestURI())) {
      resp.sendError(404);
      return;
    }
    String self = "http://localhost:" + req.getLocalPort();
    boolean allowed = self.equals(app.customerOrigin);
    String nonce = Html.esc(AppServlet.nonce(req));
    String api = Html.esc(app.appOrigin);
    resp.setContentType("text/html;charset=utf-8");
    resp.setHeader("Cache-Control", "no-store");
    resp.getOutputStream().write(("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
        + (allowed ? "Acme Bikes" : "Not-on-the-list Ltd") + "</title>"
        + "<link rel=\"stylesheet\" href=\"" + api + "/static/widget.css\">"
        + "</head><body class=\"shop\"><header class=\"shop-top\"><strong>" + (allowed ? "Acme Bikes" : "Not-on-the-list Ltd")
        + "</strong><span>" + Html.esc(self) + "</span></header><main class=\"shop-main\"><h1>"
        + (allowed ? "Bikes for every road" : "A site the widget owner never allowed") + "</h1><p>"
        + (allowed ? "This page stands for a Parley customer's website. Its origin is on the widget's safelist, so the widget "
            + "below gets a signed session token and can send messages."
            : "This origin is not on the widget's safelist: the API refuses the widget a session token and sends no CORS headers.")
        + "</p><p>The embed code is one script tag; the page holds no secret.</p></main>"
        + "<script nonce=\"" + nonce + "\" src=\"" + api + "/static/widget.js\" data-api=\"" + api + "\" data-widget=\""
        + Html.esc(app.demoWidgetId) + "\" defer></script></body></html>\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
