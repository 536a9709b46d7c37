package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.audit.AuditEvent;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuditContextTest {
  @Test
  void theUserAgent_isBounded_andControlsAndLoneSurrogatesBecomeQuestionMarks() {
    AuditContext c = AuditContext.of("r1", "192.0.2.1", "Mozilla\r\nX-Injected: 1\u0000 \ud800x \ud83d\ude00" + "z".repeat(1000));
    assertThat(c.userAgent().orElseThrow())
        .hasSize(AuditContext.MAX_USER_AGENT_LENGTH)
        .startsWith("Mozilla??X-Injected: 1? ?x \ud83d\ude00zz");
    assertThat(AuditContext.of("r1", null, "").userAgent()).isEmpty();
    assertThat(AuditContext.of("r1", null, null).ip()).isEmpty();
    String cut = "a".repeat(AuditContext.MAX_USER_AGENT_LENGTH - 1) + "\ud83d\ude00";
    assertThat(AuditContext.of("r1", null, cut).userAgent().orElseThrow()).endsWith("a?");
  }

  @Test
  void applyTo_stampsAnAuditEvent_withRequestIdIpAndUserAgent() {
    AuditContext c = AuditContext.of("req-7f3a", "192.0.2.1", "curl/8.5");
    AuditEvent e = c.applyTo(AuditEvent.builder(Clock.systemUTC(), "auth.login.succeeded")).outcome(AuditEvent.SUCCESS).build();
    assertThat(e.ip()).contains("192.0.2.1");
    assertThat(e.userAgent()).contains("curl/8.5");
    assertThat(e.attributes()).containsEntry(AuditEvent.REQUEST_ID, "req-7f3a");
    AuditEvent anonymous = AuditContext.of("r2", null, null).applyTo(AuditEvent.builder(Clock.systemUTC(), "x.y")).build();
    assertThat(anonymous.ip()).isEmpty();
    assertThat(anonymous.userAgent()).isEmpty();
    assertThat(c.clientInfo().ipAddress()).isEqualTo("192.0.2.1");
    assertThat(c.toString()).isEqualTo("AuditContext{req-7f3a, 192.0.2.1}");
  }

  @Test
  void theThreadBoundContext_isRemovedAfterTheRequest_evenWhenTheAppThrows() throws Exception {
    AuditContextFilter filter = AuditContextFilter.builder(ClientIpResolver.direct()).build();
    AtomicReference<AuditContext> seen = new AtomicReference<>();
    FilterChain failing = (req, resp) -> {
      seen.set(AuditContext.current().orElseThrow());
      throw new ServletException("the application failed");
    };
    assertThatThrownBy(() -> filter.doFilter(request(), response(), failing)).isInstanceOf(ServletException.class);
    assertThat(seen.get().requestId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    // The audit trail's redactor keeps it readable (a 22-character base64url id it would mask).
    assertThat(io.hiroi.audit.Redactor.defaults().mask(seen.get().requestId())).isEqualTo(seen.get().requestId());
    assertThat(AuditContext.current()).isEmpty();
  }

  @Test
  void aNonIpRemoteAddress_leavesTheIpUnknown() throws Exception {
    AuditContextFilter filter = AuditContextFilter.builder(ClientIpResolver.direct()).build();
    AtomicReference<AuditContext> seen = new AtomicReference<>();
    HttpServletRequest unix = request("unix:/run/app.sock");
    filter.doFilter(unix, response(), (req, resp) -> seen.set(AuditContext.current().orElseThrow()));
    assertThat(seen.get().ip()).isEmpty();
    assertThat(AuditContextFilter.context(unix)).containsSame(seen.get());
  }

  private static HttpServletRequest request() {
    return request("127.0.0.1");
  }

  /** A request with no headers from a remote address: the few calls the filter makes. */
  private static HttpServletRequest request(String remote) {
    Map<String, Object> attributes = new HashMap<>();
    return (HttpServletRequest) Proxy.newProxyInstance(AuditContextTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "getRemoteAddr":
              return remote;
            case "getHeaders":
              return Collections.enumeration(List.of());
            case "getHeader":
              return null;
            case "setAttribute":
              attributes.put((String) args[0], args[1]);
              return null;
            case "getAttribute":
              return attributes.get((String) args[0]);
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  private static HttpServletResponse response() {
    return (HttpServletResponse) Proxy.newProxyInstance(AuditContextTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
        (proxy, method, args) -> {
          if (method.getName().equals("setHeader")) {
            return null;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }
}
