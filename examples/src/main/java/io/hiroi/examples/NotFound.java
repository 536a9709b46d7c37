package io.hiroi.examples;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Every path no page claims: a 404 page in the app's layout. */
final class NotFound extends AppServlet {
  private static final long serialVersionUID = 1L;

  NotFound(App app) {
    super(app);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    render(req, resp, 404, "Not found", "<p>There is no page here. <a href=\"/\">Home</a></p>");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    doGet(req, resp);
  }
}
