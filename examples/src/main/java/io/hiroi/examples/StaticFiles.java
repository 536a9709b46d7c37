package io.hiroi.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Serves the app's few static files from the classpath, by exact name only. */
final class StaticFiles extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Map<String, String> FILES = Map.of(
      "/static/app.css", "text/css",
      "/static/app.js", "text/javascript",
      "/static/passkeys.js", "text/javascript",
      "/static/widget.css", "text/css",
      "/static/widget.js", "text/javascript");

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getRequestURI();
    String type = FILES.get(path);
    if (type == null) {
      resp.sendError(404);
      return;
    }
    try (InputStream in = StaticFiles.class.getResourceAsStream(path.substring(1))) {
      if (in == null) {
        resp.sendError(404);
        return;
      }
      resp.setContentType(type + ";charset=utf-8");
      resp.setHeader("Cache-Control", "no-cache");
      in.transferTo(resp.getOutputStream());
    }
  }
}
