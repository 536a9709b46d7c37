package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.DeviceCheck.Status;
import io.hiroi.crypto.KeyRing;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DeviceStore} passes, through {@link NewDeviceDetector}: in memory and
 * on a real Redis, where a second store instance on another connection is a second replica.
 */
public abstract class DeviceStoreContract {
  protected static final String CHROME_WIN_120 =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
  protected static final String CHROME_WIN_131 =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  protected static final String SAFARI_IPHONE =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
  protected static final String FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";

  protected final KeyRing ring = KeyRing.builder().addGeneratedKey(1).primary(1).build();
  protected FakeClock clock;
  protected String user;

  /** A store for one test. */
  protected abstract DeviceStore store();

  /** A second store on the same state (another replica); the same object for memory. */
  protected abstract DeviceStore secondReplica();

  @BeforeEach
  void setUp() {
    clock = FakeClock.atRecentTime();
    user = "user-" + UUID.randomUUID();
  }

  protected NewDeviceDetector detector(DeviceStore store, int maxEntries) {
    return NewDeviceDetector.builder(ring, store).clock(clock).maxEntries(maxEntries).build();
  }

  private Status check(NewDeviceDetector d, String ip, String ua) {
    return d.check(user, null, ClientInfo.of(ip, ua)).status();
  }

  @Test
  void aFirstSignIn_isNew_thenKnown_onEveryReplica() {
    NewDeviceDetector d = detector(store(), 20);
    DeviceCheck first = d.check(user, null, ClientInfo.of("203.0.113.7", CHROME_WIN_120));
    assertThat(first.status()).isEqualTo(Status.NEW_DEVICE);
    assertThat(first.isNewNetwork()).isTrue();
    assertThat(first.isNew()).isTrue();
    assertThat(check(detector(secondReplica(), 20), "203.0.113.7", CHROME_WIN_120)).isEqualTo(Status.KNOWN);
  }

  @Test
  void aBrowserUpdate_orAnotherAddressInTheSameSlash24_isKnown() {
    NewDeviceDetector d = detector(store(), 20);
    check(d, "203.0.113.7", CHROME_WIN_120);
    assertThat(check(d, "203.0.113.200", CHROME_WIN_131)).isEqualTo(Status.KNOWN);
  }

  @Test
  void anotherNetwork_isNewNetwork_andAnotherBrowserFamily_isNewDevice() {
    NewDeviceDetector d = detector(store(), 20);
    check(d, "203.0.113.7", CHROME_WIN_120);
    assertThat(check(d, "198.51.100.7", CHROME_WIN_120)).isEqualTo(Status.NEW_NETWORK);
    DeviceCheck phone = d.check(user, null, ClientInfo.of("198.51.100.8", SAFARI_IPHONE));
    assertThat(phone.status()).isEqualTo(Status.NEW_DEVICE);
    assertThat(phone.isNewNetwork()).isFalse();
    assertThat(check(d, "198.51.100.9", FIREFOX_LINUX)).isEqualTo(Status.NEW_DEVICE);
  }

  @Test
  void ipv6_isGroupedBySlash48() {
    NewDeviceDetector d = detector(store(), 20);
    check(d, "2001:db8:1234:1::1", CHROME_WIN_120);
    assertThat(check(d, "2001:db8:1234:ffff::2", CHROME_WIN_120)).isEqualTo(Status.KNOWN);
    assertThat(check(d, "2001:db8:1235::1", CHROME_WIN_120)).isEqualTo(Status.NEW_NETWORK);
  }

  @Test
  void aDeviceCookieId_isTheDevice_whateverTheUserAgent() {
    NewDeviceDetector d = detector(store(), 20);
    assertThat(d.check(user, "device-cookie-1", ClientInfo.of("203.0.113.7", CHROME_WIN_120)).status()).isEqualTo(Status.NEW_DEVICE);
    assertThat(d.check(user, "device-cookie-1", ClientInfo.of("203.0.113.7", FIREFOX_LINUX)).status()).isEqualTo(Status.KNOWN);
    assertThat(d.check(user, "device-cookie-2", ClientInfo.of("203.0.113.7", CHROME_WIN_120)).status()).isEqualTo(Status.NEW_DEVICE);
  }

  @Test
  void eachUser_hasTheirOwnDevices() {
    NewDeviceDetector d = detector(store(), 20);
    check(d, "203.0.113.7", CHROME_WIN_120);
    assertThat(d.check("other-" + user, null, ClientInfo.of("203.0.113.7", CHROME_WIN_120)).status()).isEqualTo(Status.NEW_DEVICE);
  }

  @Test
  void entriesAreBoundedPerUser_leastRecentlyUsedFirst() {
    NewDeviceDetector d = detector(store(), 4); // two sign-ins of one device and network each
    check(d, "192.0.2.1", CHROME_WIN_120); // device A, network 1
    clock.advance(Duration.ofMinutes(1));
    check(d, "198.51.100.1", SAFARI_IPHONE); // device B, network 2: 4 entries
    clock.advance(Duration.ofMinutes(1));
    assertThat(check(d, "192.0.2.1", CHROME_WIN_120)).isEqualTo(Status.KNOWN); // A and 1 used again
    clock.advance(Duration.ofMinutes(1));
    check(d, "203.0.113.1", FIREFOX_LINUX); // device C, network 3: B and 2 are the oldest and go
    assertThat(check(d, "192.0.2.1", CHROME_WIN_120)).isEqualTo(Status.KNOWN);
    assertThat(check(d, "198.51.100.1", SAFARI_IPHONE)).isEqualTo(Status.NEW_DEVICE);
  }

  @Test
  void anEntryUnusedForTheRememberedPeriod_isForgotten_andUseKeepsItAlive() {
    NewDeviceDetector d = detector(store(), 20);
    check(d, "192.0.2.1", CHROME_WIN_120);
    clock.advance(NewDeviceDetector.DEFAULT_REMEMBER_FOR.minusDays(1));
    assertThat(check(d, "192.0.2.1", CHROME_WIN_120)).isEqualTo(Status.KNOWN);
    clock.advance(NewDeviceDetector.DEFAULT_REMEMBER_FOR.minusDays(1));
    assertThat(check(d, "192.0.2.1", CHROME_WIN_120)).isEqualTo(Status.KNOWN);
    clock.advance(NewDeviceDetector.DEFAULT_REMEMBER_FOR);
    assertThat(check(d, "192.0.2.1", CHROME_WIN_120)).isEqualTo(Status.NEW_DEVICE);
  }

  @Test
  void anotherKeyRing_rememberesNothingOfThisOne() {
    check(detector(store(), 20), "192.0.2.1", CHROME_WIN_120);
    NewDeviceDetector rotated = NewDeviceDetector.builder(KeyRing.builder().addGeneratedKey(2).primary(2).build(), secondReplica()).clock(clock).build();
    assertThat(rotated.check(user, null, ClientInfo.of("192.0.2.1", CHROME_WIN_120)).status()).isEqualTo(Status.NEW_DEVICE);
  }
}
