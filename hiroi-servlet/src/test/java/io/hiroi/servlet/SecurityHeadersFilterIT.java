package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecurityHeadersFilterIT {
  private static JettyServer jetty;

  @BeforeAll
  static void start() throws Exception {
    jetty = JettyServer.start(SecurityHeadersFilter.create(SecurityHeaders.defaults()));
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.close();
  }

  @Test
  void everyResponse_carriesTheHeaders_andTheNonceThePageSaw() throws Exception {
    HttpResponse<String> r = jetty.get("/page");
    assertThat(r.statusCode()).isEqualTo(200);
    String nonce = r.body().substring("app nonce=".length());
    assertThat(nonce).matches("[A-Za-z0-9_-]{22}");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self' 'nonce-" + nonce + "' 'strict-dynamic'")
        .contains("frame-ancestors 'none'");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).contains("strict-origin-when-cross-origin");
    assertThat(r.headers().firstValue("Permissions-Policy")).isPresent();
    assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty(); // plain HTTP here
  }

  @Test
  void theNonce_isFreshForEveryRequest() throws Exception {
    Set<String> nonces = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      nonces.add(jetty.get("/page").body());
    }
    assertThat(nonces).hasSize(20);
  }

  @Test
  void aMissingPage_stillCarriesTheHeaders() throws Exception {
    HttpResponse<String> r = jetty.get("/nothing-here?x=1");
    assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
  }
}
