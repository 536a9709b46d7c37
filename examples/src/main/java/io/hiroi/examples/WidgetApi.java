package io.hiroi.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hiroi.audit.AuditEvent;
import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.RateLimitHeaders;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.widget.OriginCheck;
import io.hiroi.widget.WidgetSessionVerification;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The widget's API on the app's origin: {@code POST /api/widget/session} issues a widget session
 * token to a page whose {@code Origin} is on the widget's safelist, {@code POST
 * /api/widget/messages} takes a chat message with that token (verified against the widget and the
 * request's {@code Origin}) and rate-limits it per visitor (429 with {@code Retry-After}). CORS
 * headers go only to safelisted origins. This is what hiroi-servlet's coming {@code WidgetFilter}
 * will do.
 */
final class WidgetApi extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final int MAX_BODY_BYTES = 8192;
  static final int MAX_MESSAGE_CHARS = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final transient App app;

  WidgetApi(App app) {
    this.app = Objects.requireNonNull(app, "app");
  }

  @Override
  protected void doOptions(HttpServletRequest req, HttpServletResponse resp) {
    OriginCheck check = app.demoSafelist.check(req.getHeader("Origin"));
    Map<String, String> headers = app.cors.preflight(check, req.getHeader("Access-Control-Request-Method"),
        req.getHeader("Access-Control-Request-Headers"));
    app.cors.vary().forEach(resp::addHeader);
    headers.forEach(resp::setHeader);
    resp.setStatus(headers.isEmpty() ? 403 : 204);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setHeader("Cache-Control", "no-store");
    app.cors.vary().forEach(resp::addHeader);
    OriginCheck check = app.demoSafelist.check(req.getHeader("Origin"));
    app.cors.actualResponse(check).forEach(resp::setHeader);
    JsonNode body = readJson(req);
    if (body == null || !app.demoWidgetId.equals(body.path("widget").asText())) {
      reply(resp, 400, error("bad_request"));
      return;
    }
    switch (req.getRequestURI()) {
      case "/api/widget/session":
        session(req, resp, check);
        break;
      case "/api/widget/messages":
        message(req, resp, body);
        break;
      default:
        reply(resp, 404, error("not_found"));
    }
  }

  private void session(HttpServletRequest req, HttpServletResponse resp, OriginCheck check) throws IOException {
    if (!check.isAllowed()) {
      app.audit.record(app.event(req, "widget.session", AuditEvent.DENIED, null).target("widget/" + app.demoWidgetId)
          .attribute("reason", check.denial().map(Enum::name).orElse("")).build());
      reply(resp, 403, error("origin_not_allowed"));
      return;
    }
    String visitor = "v_" + HexFormat.of().formatHex(Accounts.randomBytes(8));
    String token = app.widgetTokens.issue(app.demoWidgetId, check.origin(), visitor);
    app.audit.record(app.event(req, "widget.session", AuditEvent.SUCCESS, "visitor/" + visitor).target("widget/" + app.demoWidgetId).build());
    ObjectNode out = JSON.createObjectNode().put("token", token).put("visitor", visitor);
    reply(resp, 200, out);
  }

  private void message(HttpServletRequest req, HttpServletResponse resp, JsonNode body) throws IOException {
    String auth = req.getHeader("Authorization");
    String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : "";
    WidgetSessionVerification v = app.widgetTokens.verify(token, app.demoWidgetId, req.getHeader("Origin"));
    if (!v.isValid()) {
      reply(resp, 401, error("invalid_token"));
      return;
    }
    String text = body.path("text").asText("").strip();
    if (text.isEmpty() || text.length() > MAX_MESSAGE_CHARS) {
      reply(resp, 400, error("bad_message"));
      return;
    }
    Decision d = app.chatLimiter.tryAcquire(RateLimitKey.visitor(v.visitorId()));
    RateLimitHeaders h = d.headers();
    resp.setHeader(RateLimitHeaders.POLICY, h.policy());
    resp.setHeader(RateLimitHeaders.RATE_LIMIT, h.rateLimit());
    if (!d.isAllowed()) {
      long seconds = Math.max(1, (d.retryAfter().toMillis() + 999) / 1000);
      resp.setHeader(RateLimitHeaders.RETRY_AFTER, Long.toString(seconds));
      app.audit.record(app.event(req, "widget.chat.rate_limited", AuditEvent.DENIED, "visitor/" + v.visitorId())
          .target("widget/" + app.demoWidgetId).attribute("retry_after_s", seconds).build());
      reply(resp, 429, error("rate_limited").put("retryAfter", seconds));
      return;
    }
    reply(resp, 200, JSON.createObjectNode().put("reply", "Thanks! An agent will answer soon. You wrote " + text.length() + " characters."));
  }

  private static ObjectNode error(String code) {
    return JSON.createObjectNode().put("error", code);
  }

  private static JsonNode readJson(HttpServletRequest req) throws IOException {
    try (InputStream in = req.getInputStream()) {
      byte[] raw = in.readNBytes(MAX_BODY_BYTES + 1);
      if (raw.length == 0 || raw.length > MAX_BODY_BYTES) {
        return null;
      }
      JsonNode node = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
      return node != null && node.isObject() ? node : null;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  private static void reply(HttpServletResponse resp, int status, JsonNode body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.getOutputStream().write(JSON.writeValueAsBytes(body));
  }
}
