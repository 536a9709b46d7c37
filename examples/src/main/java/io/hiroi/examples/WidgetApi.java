package io.hiroi.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hiroi.audit.AuditEvent;
import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.RateLimitHeaders;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.servlet.Denial;
import io.hiroi.servlet.DenialHandler;
import io.hiroi.servlet.WidgetFilter;
import io.hiroi.servlet.WidgetVisitor;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The widget's API on the app's origin, behind hiroi-servlet's {@code WidgetFilter} (which checks
 * the {@code Origin} against the widget's safelist, answers CORS preflights, adds the CORS headers
 * and verifies the widget session token): {@code POST /api/widget/session} issues a widget session
 * token to the safelisted page, {@code POST /api/widget/messages} takes a chat message from the
 * visitor the filter verified and rate-limits it per visitor (429 with {@code Retry-After}).
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
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setHeader("Cache-Control", "no-store");
    JsonNode body = readJson(req);
    if (body == null || !app.demoWidgetId.equals(body.path("widget").asText())) {
      reply(resp, 400, error("bad_request"));
      return;
    }
    switch (req.getRequestURI()) {
      case "/api/widget/session":
        session(req, resp);
        break;
      case "/api/widget/messages":
        message(req, resp, body);
        break;
      default:
        reply(resp, 404, error("not_found"));
    }
  }

  private void session(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<String> origin = WidgetFilter.allowedOrigin(req);
    if (origin.isEmpty()) { // the filter lets no request through without it; fail closed all the same
      reply(resp, 403, error("origin_not_allowed"));
      return;
    }
    String visitor = "v_" + HexFormat.of().formatHex(Accounts.randomBytes(8));
    String token = app.widgetTokens.issue(app.demoWidgetId, origin.get(), visitor);
    app.audit.record(app.event(req, "widget.session", AuditEvent.SUCCESS, "visitor/" + visitor).target("widget/" + app.demoWidgetId).build());
    ObjectNode out = JSON.createObjectNode().put("token", token).put("visitor", visitor);
    reply(resp, 200, out);
  }

  private void message(HttpServletRequest req, HttpServletResponse resp, JsonNode body) throws IOException {
    Optional<WidgetVisitor> v = WidgetFilter.visitor(req);
    if (v.isEmpty()) { // the filter lets no request through without a valid token; fail closed all the same
      reply(resp, 401, error("invalid_token"));
      return;
    }
    String text = body.path("text").asText("").strip();
    if (text.isEmpty() || text.length() > MAX_MESSAGE_CHARS) {
      reply(resp, 400, error("bad_message"));
      return;
    }
    Decision d = app.chatLimiter.tryAcquire(RateLimitKey.visitor(v.get().visitorId()));
    RateLimitHeaders h = d.headers();
    resp.setHeader(RateLimitHeaders.POLICY, h.policy());
    resp.setHeader(RateLimitHeaders.RATE_LIMIT, h.rateLimit());
    if (!d.isAllowed()) {
      long seconds = Math.max(1, (d.retryAfter().toMillis() + 999) / 1000);
      resp.setHeader(RateLimitHeaders.RETRY_AFTER, Long.toString(seconds));
      app.audit.record(app.event(req, "widget.chat.rate_limited", AuditEvent.DENIED, "visitor/" + v.get().visitorId())
          .target("widget/" + app.demoWidgetId).attribute("retry_after_s", seconds).build());
      reply(resp, 429, error("rate_limited").put("retryAfter", seconds));
      return;
    }
    reply(resp, 200, JSON.createObjectNode().put("reply", "Thanks! An agent will answer soon. You wrote " + text.length() + " characters."));
  }

  /** The filter's refusals: audited (a refused origin asking for a token), then the standard answer (status, generic body). */
  static DenialHandler denials(App app) {
    DenialHandler standard = DenialHandler.standard();
    return (req, resp, denial) -> {
      if (denial.reason() == Denial.Reason.ORIGIN_REFUSED && req.getRequestURI().equals("/api/widget/session")) {
        app.audit.record(app.event(req, "widget.session", AuditEvent.DENIED, null).target("widget/" + app.demoWidgetId)
            .attribute("reason", denial.detail().orElse("")).build());
      }
      standard.deny(req, resp, denial);
    };
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
