package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AuditContextFilterIT {
  private static final String GENERATED = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  private static String rid(HttpResponse<String> r) {
    String body = r.body();
    int at = body.indexOf("rid=") + 4;
    return body.substring(at, body.indexOf(' ', at));
  }

  @Test
  void everyRequest_getsAFreshId_echoedInTheResponse_andBoundToItsThread() throws Exception {
    try (JettyServer jetty = JettyServer.start(AuditContextFilter.builder(ClientIpResolver.direct()).build())) {
      HttpResponse<String> a = jetty.get("/");
      HttpResponse<String> b = jetty.get("/");
      assertThat(rid(a)).matches(GENERATED).isNotEqualTo(rid(b));
      assertThat(a.headers().firstValue("X-Request-Id")).contains(rid(a));
      assertThat(a.body()).isEqualTo("app rid=" + rid(a) + " ip=127.0.0.1 bound=" + rid(a));
    }
  }

  @Test
  void aClientsOwnRequestId_isIgnored_unlessAcceptedFromAnyClient() throws Exception {
    try (JettyServer jetty = JettyServer.start(AuditContextFilter.builder(ClientIpResolver.direct()).build())) {
      assertThat(rid(jetty.get("/", "X-Request-Id", "forged-id-1"))).matches(GENERATED);
    }
    AuditContextFilter open = AuditContextFilter.builder(ClientIpResolver.direct()).acceptRequestIdFromAnyClient().build();
    try (JettyServer jetty = JettyServer.start(open)) {
      HttpResponse<String> r = jetty.get("/", "X-Request-Id", "gateway-7f3a");
      assertThat(rid(r)).isEqualTo("gateway-7f3a");
      assertThat(r.headers().firstValue("X-Request-Id")).contains("gateway-7f3a");
    }
  }

  @Test
  void behindATrustedProxy_anIncomingId_isIgnoredByDefault_forTheProxyMayHavePassedTheClientsOn() throws Exception {
    ClientIpResolver ips = ClientIpResolver.builder().trustProxy("127.0.0.1").build();
    try (JettyServer jetty = JettyServer.start(AuditContextFilter.builder(ips).build())) {
      HttpResponse<String> r = jetty.get("/", "X-Request-Id", "victim-id", "X-Forwarded-For", "203.0.113.9");
      assertThat(rid(r)).matches(GENERATED);
      assertThat(r.body()).contains(" ip=203.0.113.9 ");
    }
  }

  @Test
  void behindATrustedProxyThatSetsTheId_itsWellFormedId_andTheForwardedClient_areTaken() throws Exception {
    ClientIpResolver ips = ClientIpResolver.builder().trustProxy("127.0.0.1").build();
    try (JettyServer jetty = JettyServer.start(AuditContextFilter.builder(ips).acceptRequestIdFromTrustedProxies().build())) {
      HttpResponse<String> r = jetty.get("/", "X-Request-Id", "Root=1-67891233-abcdef012345678912345678", "X-Forwarded-For", "203.0.113.9");
      assertThat(r.body()).startsWith("app rid=Root=1-67891233-abcdef012345678912345678 ip=203.0.113.9 ");
      for (String hostile : new String[] {"<script>alert(1)</script>", "id with spaces", "a".repeat(129), "", "id;drop", "ünïcode"}) {
        HttpResponse<String> h = jetty.get("/", "X-Request-Id", hostile);
        assertThat(rid(h)).as(hostile).matches(GENERATED);
        assertThat(h.headers().firstValue("X-Request-Id")).as(hostile).contains(rid(h));
      }
      assertThat(rid(jetty.get("/", "X-Request-Id", "a".repeat(128)))).isEqualTo("a".repeat(128));
      assertThat(rid(jetty.get("/", "X-Request-Id", "one", "X-Request-Id", "two"))).matches(GENERATED);
    }
    // The same option, but the connection is not from a trusted proxy: ignored.
    ClientIpResolver other = ClientIpResolver.builder().trustProxy("10.0.0.0/8").build();
    try (JettyServer jetty = JettyServer.start(AuditContextFilter.builder(other).acceptRequestIdFromTrustedProxies().build())) {
      assertThat(rid(jetty.get("/", "X-Request-Id", "gateway-7f3a"))).matches(GENERATED);
    }
  }
}
