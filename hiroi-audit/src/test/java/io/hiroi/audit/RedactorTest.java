package io.hiroi.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedactorTest {
  private final FakeClock clock = FakeClock.atRecentTime();
  private final Redactor redactor = Redactor.defaults();

  @Test
  void redact_removesEveryPlantedSecret_andKeepsTypeIdsAndInnocentValues() {
    PlantedSecrets secrets = new PlantedSecrets();
    AuditEvent event = secrets.event(clock);
    AuditEvent redacted = redactor.redact(event);
    String everything = RecordFormat.eventJson(redacted);
    for (String secret : secrets.all()) {
      assertThat(everything).doesNotContain(secret);
    }
    assertThat(redacted.id()).isEqualTo(event.id());
    assertThat(redacted.timestamp()).isEqualTo(event.timestamp());
    assertThat(redacted.type()).isEqualTo("auth.login.succeeded");
    assertThat(redacted.outcome()).contains("success");
    assertThat(redacted.tenant()).contains("acme");
    assertThat(redacted.ip()).contains("203.0.113.9");
    assertThat(redacted.actor()).contains("user/42 via [redacted]");
    assertThat(redacted.target()).contains("https://app.example/reset?token=[redacted]&lang=en");
    assertThat(redacted.userAgent()).contains("curl/8.5.0 Authorization: [redacted] [redacted]");
    assertThat(redacted.attributes())
        .containsEntry("password", "[redacted]")
        .containsEntry("otp", "[redacted]")
        .containsEntry("access_token", "[redacted]")
        .containsEntry("X-Api-Key", "[redacted]")
        .containsEntry("session", "[redacted]")
        .containsEntry("note", "webhook secret was [redacted], digest [redacted]")
        .containsEntry("method", "password")
        .containsEntry("attempts", 3L)
        .containsEntry("request_id", "req-7f3a");
  }

  @Test
  void denyList_matchesWordByWord() {
    for (String name : new String[] {"password", "PASSWORD", "new_password", "clientSecret", "refresh-token", "otp",
        "auth_code", "Authorization", "set-cookie", "api_key", "apiKey", "x-api-key", "apikey", "passwd", "pwd",
        "passphrase", "passcode", "pin", "credentials"}) {
      assertThat(redactor.isDenied(name)).as(name).isTrue();
    }
    for (String name : new String[] {"method", "passwords_changed_count2", "tokenizer_x", "user", "keyboard", "api"}) {
      // Whole words only: "tokenizer" is not "token", "passwords" is not "password".
      assertThat(redactor.isDenied(name)).as(name).isFalse();
    }
    Redactor extra = Redactor.builder().deny("ssn", "dateOfBirth").build();
    assertThat(extra.isDenied("customer_ssn")).isTrue();
    assertThat(extra.isDenied("date_of_birth")).isTrue();
    assertThat(extra.isDenied("password")).isTrue();
    assertThat(redactor.isDenied("ssn")).isFalse();
    assertThatThrownBy(() -> Redactor.builder().deny("no spaces"))
        .hasMessage("deny-listed attribute names must be 1 to 64 characters of [A-Za-z0-9_.-]");
  }

  @Test
  void mask_leavesOrdinaryTextAlone() {
    String[] innocent = {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
      "/api/v1/tenants/42/credentials/7/linkedin",
      "user/0190f0e4-7b1c-7cde-8f00-123456789abc",
      "alice@example.com",
      "2001:db8::1",
      "authentication_succeeded_for_tenant_acme",
      "the quick brown fox jumps over the lazy dog",
      "sha 1234abcd",
    };
    for (String s : innocent) {
      assertThat(redactor.mask(s)).as(s).isEqualTo(s);
    }
    assertThat(redactor.mask(null)).isNull();
    assertThat(redactor.mask("")).isEmpty();
  }

  @Test
  void mask_catchesSecretShapes() {
    assertThat(redactor.mask("Bearer abcdefghijklmnop")).isEqualTo("Bearer [redacted]");
    assertThat(redactor.mask("basic dXNlcjpwYXNz")).isEqualTo("basic [redacted]");
    assertThat(redactor.mask("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig")).isEqualTo("[redacted]");
    assertThat(redactor.mask("k=" + "deadbeef".repeat(4))).isEqualTo("k=[redacted]");
    assertThat(redactor.mask("?password=hunter2&x=1")).isEqualTo("?password=[redacted]&x=1");
    assertThat(redactor.mask("code: 123456")).isEqualTo("code: [redacted]");
    assertThat(redactor.mask("Xy9" + "aB3dE5fG7hJ9kL1mN")).isEqualTo("[redacted]");
  }

  @Test
  void mask_catchesPairsInJsonXmlQuotedAndArrowForms() {
    assertThat(redactor.mask("{\"password\":\"hunter2\"}")).isEqualTo("{\"password\":\"[redacted]\"}");
    assertThat(redactor.mask("{\"otp\":\"123456\",\"api_key\":\"k3y\",\"user\":\"bob\"}"))
        .isEqualTo("{\"otp\":\"[redacted]\",\"api_key\":\"[redacted]\",\"user\":\"bob\"}");
    assertThat(redactor.mask("{'password': 'hunter2'}")).isEqualTo("{'password': '[redacted]'}");
    assertThat(redactor.mask("<login><password>hunter2</password></login>")).isEqualTo("<login><password>[redacted]</password></login>");
    assertThat(redactor.mask("password=\"correct horse battery staple\" next")).isEqualTo("password=\"[redacted]\" next");
    assertThat(redactor.mask("client_secret => s3cr3t")).isEqualTo("client_secret => [redacted]");
    assertThat(redactor.mask("passwd=hunter2 pwd=hunter2")).isEqualTo("passwd=[redacted] pwd=[redacted]");
    assertThat(redactor.mask("{\"password\":\"a\\\"b c\"}")).isEqualTo("{\"password\":\"[redacted]\"}"); // an escaped quote
    assertThat(redactor.mask("password=\"unclosed value")).isEqualTo("password=\"[redacted] value");
    // Pairs whose name is not deny-listed, and URLs, are left alone.
    assertThat(redactor.mask("{\"user\":\"bob\"} https://example.com/a")).isEqualTo("{\"user\":\"bob\"} https://example.com/a");
    // A long hostile value costs no deep recursion.
    String many = "password=\"" + "\\\"".repeat(1000) + "\"";
    assertThat(redactor.mask(many)).isEqualTo("password=\"[redacted]\"");
  }
}
