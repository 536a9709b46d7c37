package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewDeviceDetectorTest extends DeviceStoreContract {
  private final InMemoryDeviceStore store = InMemoryDeviceStore.create();

  @TempDir Path auditDir;

  @Override
  protected DeviceStore store() {
    return store;
  }

  @Override
  protected DeviceStore secondReplica() {
    return store;
  }

  @Test
  void userAgentFamilies_areCoarse() {
    assertThat(NewDeviceDetector.userAgentFamily(CHROME_WIN_120)).isEqualTo("chrome/windows");
    assertThat(NewDeviceDetector.userAgentFamily(SAFARI_IPHONE)).isEqualTo("safari/ios");
    assertThat(NewDeviceDetector.userAgentFamily(FIREFOX_LINUX)).isEqualTo("firefox/linux");
    assertThat(NewDeviceDetector.userAgentFamily(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0"))
        .isEqualTo("edge/macos");
    assertThat(NewDeviceDetector.userAgentFamily("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"))
        .isEqualTo("chrome/android");
    assertThat(NewDeviceDetector.userAgentFamily("")).isEqualTo("none/other");
    assertThat(NewDeviceDetector.userAgentFamily("curl/8.4.0")).isEqualTo("other/other");
  }

  @Test
  void networks_areCutToTheirPrefix_andNonLiteralsNeverReachDns() {
    NewDeviceDetector d = NewDeviceDetector.builder(ring, store).networkPrefixes(16, 32).build();
    assertThat(d.network("203.0.113.7")).isEqualTo("cb000000/16");
    assertThat(d.network("2001:db8:ffff::1")).isEqualTo("20010db8000000000000000000000000/32");
    assertThat(d.network("localhost")).isEqualTo("?");
    assertThat(d.network("example.com")).isEqualTo("?");
    assertThat(d.network("abc")).isEqualTo("?");
    assertThat(d.network("1.2.3")).isEqualTo("?");
    assertThat(d.network("256.1.1.1")).isEqualTo("?");
    assertThat(d.network("")).isEqualTo("?");
  }

  @Test
  void newDevices_areAudited_knownOnesAreNot() {
    try (TestAudit audit = new TestAudit(auditDir)) {
      NewDeviceDetector d = NewDeviceDetector.builder(ring, store).clock(clock).audit(AuthAudit.required(audit.log())).build();
      d.check(user, null, ClientInfo.of("192.0.2.1", CHROME_WIN_120));
      d.check(user, null, ClientInfo.of("192.0.2.1", CHROME_WIN_120));
      d.check(user, null, ClientInfo.of("198.51.100.1", CHROME_WIN_120));
      List<String> events = audit.ofType(AuthAudit.DEVICE_NEW);
      assertThat(events).hasSize(2);
      assertThat(events.get(0)).contains("\"actor\":\"" + user + "\"", "\"new_device\":true", "\"new_network\":true", "\"ip\":\"192.0.2.1\"");
      assertThat(events.get(1)).contains("\"new_device\":false", "\"new_network\":true");
    }
  }

  @Test
  void aFullStore_dropsExpiredUsers_thenRefusesNewOnes_andTheDetectorAnswersUnavailable() {
    InMemoryDeviceStore small = InMemoryDeviceStore.create(2);
    NewDeviceDetector d = NewDeviceDetector.builder(ring, small).clock(clock).build();
    d.check("a", null, ClientInfo.unknown());
    d.check("b", null, ClientInfo.unknown());
    assertThat(d.check("c", null, ClientInfo.unknown()).status()).isEqualTo(DeviceCheck.Status.UNAVAILABLE);
    assertThat(d.check("a", null, ClientInfo.unknown()).status()).isEqualTo(DeviceCheck.Status.KNOWN);
    clock.advance(NewDeviceDetector.DEFAULT_REMEMBER_FOR);
    assertThat(d.check("c", null, ClientInfo.unknown()).status()).isEqualTo(DeviceCheck.Status.NEW_DEVICE);
    // a and b expired and went; c and y fill the store again, and neither has expired.
    small.remember("y", List.of("1"), clock.instant(), Duration.ofDays(1), 2);
    assertThatThrownBy(() -> small.remember("x", List.of("1"), clock.instant(), Duration.ofDays(1), 2))
        .isInstanceOf(AuthStoreException.class)
        .hasMessage("in-memory store holds its maximum of 2 users; raise the maximum or use Redis");
  }

  @Test
  void misuse_isRefused_withoutEchoingTheValue() {
    NewDeviceDetector d = NewDeviceDetector.builder(ring, store).build();
    assertThatThrownBy(() -> d.check("", null, ClientInfo.unknown())).hasMessage("userId must be 1 to 256 characters without control characters, was 0 characters");
    assertThatThrownBy(() -> d.check("u", "secret-device\n", ClientInfo.unknown()))
        .hasMessage("deviceId must be 1 to 128 characters without control characters, was 14 characters");
    assertThatThrownBy(() -> NewDeviceDetector.builder(ring, store).maxEntries(1)).hasMessage("maxEntries must be between 2 and 1000, was 1");
    assertThatThrownBy(() -> NewDeviceDetector.builder(ring, store).networkPrefixes(24, 8)).hasMessage("ipv6Bits must be between 16 and 128, was 8");
    assertThatThrownBy(() -> NewDeviceDetector.builder(ring, store).rememberFor(Duration.ofHours(1))).hasMessageStartingWith("rememberFor must be between");
  }
}
