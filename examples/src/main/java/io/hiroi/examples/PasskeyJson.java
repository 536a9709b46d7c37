package io.hiroi.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hiroi.auth.PasskeyCeremony;
import io.hiroi.auth.PasskeyService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The JSON side of the passkey ceremonies that {@code passkeys.js} talks to: the options of a
 * started ceremony (its id goes into the short {@code __Host-passkey} cookie, {@code HttpOnly},
 * so the page's script never sees it) and the small result object of a finish. Stateless.
 */
final class PasskeyJson {
  static final String COOKIE = "__Host-passkey";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PasskeyJson() {}

  /** Answers a start: the WebAuthn Level 3 options JSON, and the ceremony id in the cookie. */
  static void options(HttpServletResponse resp, PasskeyCeremony ceremony) throws IOException {
    resp.addHeader("Set-Cookie", COOKIE + "=" + ceremony.id() + "; Path=/; Max-Age=" + PasskeyService.DEFAULT_CHALLENGE_TTL.toSeconds()
        + "; Secure; HttpOnly; SameSite=Strict");
    write(resp, 200, ceremony.optionsJson());
  }

  static Optional<String> ceremony(HttpServletRequest req) {
    return Cookies.read(req.getHeader("Cookie"), COOKIE);
  }

  static void forgetCeremony(HttpServletResponse resp) {
    resp.addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
  }

  /** {@code {"ok":..,"message":..,"redirect":..}}; the message is the app's own text, never the browser's. */
  static void result(HttpServletResponse resp, int status, boolean ok, String message, String redirect) throws IOException {
    ObjectNode o = JSON.createObjectNode().put("ok", ok).put("message", message);
    if (redirect != null) {
      o.put("redirect", redirect);
    }
    write(resp, status, JSON.writeValueAsString(o));
  }

  private static void write(HttpServletResponse resp, int status, String json) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setHeader("Cache-Control", "no-store");
    resp.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
  }
}
