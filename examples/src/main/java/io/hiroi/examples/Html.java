package io.hiroi.examples;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Server-rendered HTML: escaping and the one page layout. Every {@code <script>} carries the
 * response's CSP nonce; there are no inline event handlers or inline styles.
 */
final class Html {
  static final String BRAND = "Parley";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Html() {}

  /** Escapes text for an element's content or a quoted attribute value. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&': out.append("&amp;"); break;
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default: out.append(c);
      }
    }
    return out.toString();
  }

  /** The factors of a session in words: "password", "magic link". */
  static String factors(java.util.Set<io.hiroi.auth.AuthFactor> factors) {
    java.util.StringJoiner out = new java.util.StringJoiner(" + ");
    for (io.hiroi.auth.AuthFactor f : factors) {
      out.add(f.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }
    return esc(out.toString());
  }

  static String time(Instant t) {
    return t == null ? "" : TIME.format(t);
  }

  /** A form posting to {@code action} with the CSRF field and one submit button. */
  static String button(String action, String csrfField, String label, String cssClass, String hidden) {
    return "<form method=\"post\" action=\"" + esc(action) + "\" class=\"inline\">" + csrfField + (hidden == null ? "" : hidden)
        + "<button type=\"submit\" class=\"" + esc(cssClass) + "\">" + esc(label) + "</button></form>";
  }

  static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
  }

  /** Writes a complete page. {@code nav} and {@code body} are HTML already escaped by the caller. */
  @SuppressFBWarnings(value = "XSS_SERVLET", justification = "the callers escape every value with esc(); the layout's own parts are constants")
  static void page(HttpServletResponse resp, int status, String nonce, String title, String nav, String body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/html;charset=utf-8");
    resp.setHeader("Cache-Control", "no-store");
    PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(resp.getOutputStream(), StandardCharsets.UTF_8));
    w.print("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + esc(title) + " · " + BRAND + "</title>"
        + "<link rel=\"stylesheet\" href=\"/static/app.css\">"
        + "<script nonce=\"" + esc(nonce) + "\" src=\"/static/app.js\" defer></script>"
        + "<script nonce=\"" + esc(nonce) + "\" src=\"/static/passkeys.js\" defer></script>"
        + "</head><body><header class=\"top\"><a class=\"brand\" href=\"/\">" + BRAND + "</a>"
        + "<span class=\"tag\">a hiroi example app</span><nav>" + nav + "</nav></header>"
        + "<main><h1>" + esc(title) + "</h1>" + body + "</main>"
        + "<footer>Every page here is wired to a hiroi module; see the README's tour. Dev build: emails go to the "
        + "<a href=\"/outbox\">outbox</a>.</footer></body></html>\n");
    w.flush();
  }
}
