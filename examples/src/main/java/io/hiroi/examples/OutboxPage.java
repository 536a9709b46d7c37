package io.hiroi.examples;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The dev outbox: the emails the app "sent", newest first. A development tool: a real app mails them. */
@SuppressFBWarnings(value = "POTENTIAL_XML_INJECTION", justification = "HTML, not XML: every value that comes from a user, the request or a store passes Html.esc before it is appended")
final class OutboxPage extends AppServlet {
  private static final long serialVersionUID = 1L;

  OutboxPage(App app) {
    super(app);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    StringBuilder list = new StringBuilder();
    for (Outbox.Email e : app.outbox.all()) {
      list.append("<article class=\"email\"><header><strong>").append(Html.esc(e.subject)).append("</strong><span>to ")
          .append(Html.esc(e.to)).append(" · ").append(Html.time(e.sentAt)).append("</span></header><p>").append(Html.esc(e.body)).append("</p>");
      if (e.link != null) {
        list.append("<p><a class=\"email-link\" href=\"").append(Html.esc(e.link)).append("\">").append(Html.esc(e.subject)).append("</a></p>");
      }
      list.append("</article>");
    }
    render(req, resp, 200, "Dev outbox", "<p>This development build sends no email: messages land here instead. "
        + "Anyone who can open this page can read them, so it exists only in the example app.</p>"
        + (list.length() == 0 ? "<p id=\"empty\">No emails yet.</p>" : list.toString()));
  }
}
