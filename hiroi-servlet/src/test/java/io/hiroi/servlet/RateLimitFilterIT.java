package io.hiroi.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.RateLimitBackend;
import io.hiroi.ratelimit.RateLimiter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RateLimitFilterIT {
  private final RateLimitBackend backend = InMemoryRateLimitBackend.create();

  private RateLimiter limiter(String name, int perHour) {
    return RateLimiter.builder(name, backend).limit(Limit.perHour("hour", perHour)).build();
  }

  @Test
  void perIp_allowsTheLimit_thenAnswers429_withRetryAfter_andTheAppIsNotCalled() throws Exception {
    RateLimitFilter filter = RateLimitFilter.builder(limiter("ip", 3), RateLimitKeyResolver.ip(ClientIpResolver.direct())).build();
    try (JettyServer jetty = JettyServer.start(filter)) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> ok = jetty.get("/api");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("RateLimit-Policy")).contains("\"hour\";q=3;w=3600");
        assertThat(ok.headers().firstValue("RateLimit")).contains("\"hour\";r=" + (2 - i) + ";t=" + (1200 * (i + 1)));
      }
      HttpResponse<String> denied = jetty.get("/api");
      assertThat(denied.statusCode()).isEqualTo(429);
      assertThat(denied.headers().firstValue("Retry-After")).contains("1200");
      assertThat(denied.headers().firstValue("Cache-Control")).contains("no-store");
      assertThat(denied.body()).isEqualTo("Too many requests\n");
      assertThat(jetty.appCalls).hasValue(3);
    }
  }

  @Test
  void behindATrustedProxy_eachClientHasItsOwnLimit_andAForgedFirstHopChangesNothing() throws Exception {
    ClientIpResolver ips = ClientIpResolver.builder().trustProxy("127.0.0.1").build();
    RateLimitFilter filter = RateLimitFilter.builder(limiter("proxied", 1), RateLimitKeyResolver.ip(ips)).build();
    try (JettyServer jetty = JettyServer.start(filter)) {
      assertThat(jetty.get("/", "X-Forwarded-For", "203.0.113.1").statusCode()).isEqualTo(200);
      assertThat(jetty.get("/", "X-Forwarded-For", "203.0.113.2").statusCode()).isEqualTo(200);
      assertThat(jetty.get("/", "X-Forwarded-For", "203.0.113.1").statusCode()).isEqualTo(429);
      assertThat(jetty.get("/", "X-Forwarded-For", "198.51.100.1, 203.0.113.1").statusCode()).isEqualTo(429);
    }
  }

  @Test
  void anUnavailableBackend_isADenial() throws Exception {
    RateLimitBackend broken = new FailingBackend();
    RateLimiter limiter = RateLimiter.builder("broken", broken).limit(Limit.perHour("hour", 100)).build();
    List<Denial> seen = new CopyOnWriteArrayList<>();
    DenialHandler standard = DenialHandler.standard();
    RateLimitFilter filter =
        RateLimitFilter.builder(limiter, RateLimitKeyResolver.ip(ClientIpResolver.direct()))
            .denialHandler((req, resp, denial) -> {
              seen.add(denial);
              standard.deny(req, resp, denial);
            })
            .build();
    try (JettyServer jetty = JettyServer.start(filter)) {
      HttpResponse<String> r = jetty.get("/api");
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).contains("1");
      assertThat(jetty.appCalls).hasValue(0);
    }
    assertThat(seen).extracting(Denial::reason).containsExactly(Denial.Reason.RATE_LIMITER_UNAVAILABLE);
    assertThat(seen.get(0).retryAfter()).contains(Duration.ofSeconds(1));
  }

  @Test
  void aFailingKeyResolver_isADenial_loggedByItsClassOnly_andAnEmptyKeyIsNotLimited() throws Exception {
    RateLimitFilter failing = RateLimitFilter.builder(limiter("failing", 100), request -> {
      throw new IllegalStateException("session store down for token s1.abcd.secret-session-token");
    }).build();
    try (JettyServer jetty = JettyServer.start(failing); StandardError err = StandardError.capture()) {
      assertThat(jetty.get("/").statusCode()).isEqualTo(429);
      assertThat(jetty.appCalls).hasValue(0);
      assertThat(err.text()).contains("rate limit key resolver of limiter failing threw java.lang.IllegalStateException; the request is denied")
          .doesNotContain("secret-session-token").doesNotContain("session store down");
    }
    RateLimitFilter perUser = RateLimitFilter.builder(limiter("user", 1), RateLimitKeyResolver.user(request -> request.getHeader("X-Test-User"))).build();
    try (JettyServer jetty = JettyServer.start(perUser)) {
      assertThat(jetty.get("/").statusCode()).isEqualTo(200);
      assertThat(jetty.get("/").statusCode()).isEqualTo(200); // anonymous: this limiter does not apply
      assertThat(jetty.get("/", "X-Test-User", "u1").statusCode()).isEqualTo(200);
      assertThat(jetty.get("/", "X-Test-User", "u1").statusCode()).isEqualTo(429);
      assertThat(jetty.get("/", "X-Test-User", "u2").statusCode()).isEqualTo(200);
    }
  }

  /** A backend whose every call fails, as an unreachable Redis does. */
  private static final class FailingBackend implements RateLimitBackend {
    private static <T> CompletionStage<T> failed() {
      return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
    }

    @Override
    public CompletionStage<long[]> spend(String tag, List<String> names, long[] intervals, long[] tolerances, long permits) {
      return failed();
    }

    @Override
    public CompletionStage<long[]> acquireLease(String tag, String name, String leaseId, int maxLeases, long ttlMicros) {
      return failed();
    }

    @Override
    public CompletionStage<Boolean> renewLease(String tag, String name, String leaseId, long ttlMicros) {
      return failed();
    }

    @Override
    public CompletionStage<Void> releaseLease(String tag, String name, String leaseId) {
      return failed();
    }

    @Override
    public CompletionStage<long[]> recordFailure(String tag, String name, long forgetMicros) {
      return failed();
    }

    @Override
    public CompletionStage<long[]> failures(String tag, String name) {
      return failed();
    }

    @Override
    public CompletionStage<Void> resetFailures(String tag, String name) {
      return failed();
    }
  }
}
