package io.hiroi.examples;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The app's page about the widget demo: where the two customer sites are, and the embed code. */
final class WidgetDemoPage extends AppServlet {
  private static final long serialVersionUID = 1L;

  WidgetDemoPage(App app) {
    super(app);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (requireUser(req, resp).isEmpty()) {
      return;
    }
    String embed = "<script src=\"" + app.appOrigin + "/static/widget.js\" data-api=\"" + app.appOrigin + "\" data-widget=\""
        + app.demoWidgetId + "\" defer></script>";
    render(req, resp, 200, "Widget demo", "<p>The demo widget <code>" + Html.esc(app.demoWidgetId) + "</code> allows exactly one origin, "
        + "<code>" + Html.esc(app.customerOrigin) + "</code>. Its pages get a widget session token (HS256, bound to the widget and "
        + "the origin, 30 minutes) and may send " + app.chatLimiter.limits().get(0).permits() + " chat messages a minute per visitor; "
        + "beyond that the API answers 429 with Retry-After, and the widget says when to try again.</p>"
        + "<ul class=\"sites\"><li><a id=\"customer-site\" href=\"" + Html.esc(app.customerOrigin) + "/\">" + Html.esc(app.customerOrigin)
        + "</a>: a customer's site on the safelist: the widget works.</li><li><a id=\"refused-site\" href=\"" + Html.esc(app.refusedOrigin)
        + "/\">" + Html.esc(app.refusedOrigin) + "</a>: a site not on the list: the widget is refused.</li></ul>"
        + "<h2>Embed code</h2><pre><code>" + Html.esc(embed) + "</code></pre>");
  }
}
