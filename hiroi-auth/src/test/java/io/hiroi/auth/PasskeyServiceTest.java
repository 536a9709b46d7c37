package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hiroi.crypto.internal.StrictBase64Url;
import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.testing.SoftwareAuthenticator;
import io.hiroi.testing.SoftwareAuthenticator.Algorithm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole ceremonies with {@link SoftwareAuthenticator}, and every refusal path. */
class PasskeyServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORIGIN = "https://example.com";

  private final FakeClock clock = FakeClock.atRecentTime();
  private final InMemoryOneTimeTokenStore store = InMemoryOneTimeTokenStore.create(1000, clock);
  private final Map<String, PasskeyCredential> repository = new ConcurrentHashMap<>();
  private final PasskeyService.CredentialLookup lookup = id -> Optional.ofNullable(repository.get(id));

  private PasskeyService.Builder builder() {
    return PasskeyService.builder("example.com", "Example", store).origin(ORIGIN).clock(clock);
  }

  private PasskeyService service() {
    return builder().build();
  }

  private static PasskeyUser user(String name) {
    return PasskeyUser.of(PasskeyService.newUserHandle(), name + "@example.com", name);
  }

  private PasskeyCredential register(PasskeyService service, SoftwareAuthenticator authenticator, PasskeyUser user)
      throws Exception {
    PasskeyCeremony c = service.startRegistration(user, List.of());
    PasskeyRegistration r = service.finishRegistration(c.id(), authenticator.create(c.optionsJson()), lookup);
    assertThat(r.failure()).isEmpty();
    PasskeyCredential credential = r.credential().orElseThrow();
    repository.put(credential.credentialId(), PasskeyCredential.fromJson(credential.toJson()));
    return credential;
  }

  private PasskeyAuthentication signIn(PasskeyService service, SoftwareAuthenticator authenticator) throws Exception {
    PasskeyCeremony c = service.startAuthentication();
    PasskeyAuthentication a = service.finishAuthentication(c.id(), authenticator.get(c.optionsJson()), lookup);
    a.credential().ifPresent(updated -> repository.put(updated.credentialId(), updated));
    return a;
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void registerThenUsernamelessSignIn_namesTheUser_andKeepsTheCounter(Algorithm algorithm) throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(algorithm, ORIGIN, 5);
    PasskeyUser alice = user("alice");

    PasskeyCredential credential = register(service, authenticator, alice);

    assertThat(credential.userHandle()).isEqualTo(alice.handle());
    assertThat(credential.credentialId()).isEqualTo(authenticator.credentialIdText());
    assertThat(credential.publicKeyCose()).isEqualTo(authenticator.coseKey());
    assertThat(credential.signCount()).isEqualTo(5);
    assertThat(credential.transports()).containsExactly("internal", "hybrid");
    assertThat(credential.attestationFormat()).isEqualTo("none");
    for (int i = 1; i <= 3; i++) {
      PasskeyAuthentication a = signIn(service, authenticator);
      assertThat(a.failure()).isEmpty();
      assertThat(a.userHandle()).hasValue(alice.handle());
      assertThat(a.userVerified()).isTrue();
      assertThat(a.credential().orElseThrow().signCount()).isEqualTo(5 + i);
    }
  }

  @Test
  void countersThatStayZero_areFine() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    register(service, authenticator, user("apple"));
    for (int i = 0; i < 3; i++) {
      authenticator.signCount(-1); // get() adds one: the authenticator reports 0 every time
      PasskeyAuthentication a = signIn(service, authenticator);
      assertThat(a.failure()).isEmpty();
      assertThat(a.signCountRegressed()).isFalse();
    }
  }

  @Test
  void aCounterGoingBackwards_isAPossibleClone() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 10);
    register(service, authenticator, user("bob"));
    assertThat(signIn(service, authenticator).isValid()).isTrue(); // 11
    authenticator.signCount(9); // the clone reports 10
    assertThat(signIn(service, authenticator).failure()).hasValue(PasskeyFailure.POSSIBLE_CLONE);
    assertThat(repository.get(authenticator.credentialIdText()).signCount()).isEqualTo(11);
  }

  @Test
  void backupStateAndUserVerification_areUpdatedAtSignIn() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    authenticator.backup(true, false);
    authenticator.userVerified(false);
    PasskeyCredential registered = register(service, authenticator, user("carol"));
    assertThat(registered.backupEligible()).isTrue();
    assertThat(registered.backedUp()).isFalse();
    assertThat(registered.uvInitialized()).isFalse();
    authenticator.backup(true, true);
    authenticator.userVerified(true);
    PasskeyCredential after = signIn(service, authenticator).credential().orElseThrow();
    assertThat(after.backedUp()).isTrue();
    assertThat(after.uvInitialized()).isTrue();
  }

  @Test
  void aSecondFactorOfAnotherUser_neverCompletesThisUsersSignIn() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator alices = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    SoftwareAuthenticator bobs = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    PasskeyCredential alice = register(service, alices, user("alice"));
    register(service, bobs, user("bob"));

    PasskeyCeremony forAlice = service.startAuthentication(List.of(alice));
    assertThat(service.finishAuthentication(forAlice.id(), bobs.get(forAlice.optionsJson()), lookup).failure())
        .hasValue(PasskeyFailure.CREDENTIAL_NOT_ALLOWED);
    forAlice = service.startAuthentication(List.of(alice));
    assertThat(service.finishAuthentication(forAlice.id(), alices.get(forAlice.optionsJson()), lookup).isValid()).isTrue();
  }

  @Test
  void aCredentialListedTwice_stillSignsIn() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator laptop = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    PasskeyCredential laptops = register(service, laptop, user("alice"));
    PasskeyCeremony twice = service.startAuthentication(List.of(laptops, laptops));
    assertThat(service.finishAuthentication(twice.id(), laptop.get(twice.optionsJson()), lookup).isValid()).isTrue();
  }

  @Test
  void aSameUserCredential_leftOutOfAllowCredentials_isNotAllowed() throws Exception {
    PasskeyService service = service();
    PasskeyUser alice = user("alice");
    SoftwareAuthenticator laptop = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    SoftwareAuthenticator phone = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    PasskeyCredential laptops = register(service, laptop, alice);
    PasskeyCredential phones = register(service, phone, alice);
    assertThat(phones.userHandle()).isEqualTo(laptops.userHandle());

    PasskeyCeremony onlyLaptop = service.startAuthentication(List.of(laptops)); // the phone's passkey is being removed
    assertThat(service.finishAuthentication(onlyLaptop.id(), phone.get(onlyLaptop.optionsJson()), lookup).failure())
        .hasValue(PasskeyFailure.CREDENTIAL_NOT_ALLOWED);
    PasskeyCeremony again = service.startAuthentication(List.of(laptops));
    assertThat(service.finishAuthentication(again.id(), phone.get(again.optionsJson(), ORIGIN, false), lookup).failure())
        .hasValue(PasskeyFailure.CREDENTIAL_NOT_ALLOWED); // without a user handle too
    PasskeyCeremony both = service.startAuthentication(List.of(laptops, phones));
    assertThat(service.finishAuthentication(both.id(), phone.get(both.optionsJson()), lookup).isValid()).isTrue();
    onlyLaptop = service.startAuthentication(List.of(laptops));
    assertThat(service.finishAuthentication(onlyLaptop.id(), laptop.get(onlyLaptop.optionsJson()), lookup).isValid()).isTrue();
  }

  @Test
  void aLookupThatThrows_isUnavailable_atRegistrationAndSignIn_andUsesTheCeremonyUp() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    register(service, authenticator, user("alice"));
    PasskeyService.CredentialLookup down = id -> {
      throw new IllegalStateException("database down");
    };

    PasskeyCeremony reg = service.startRegistration(user("bob"), List.of());
    String created = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0).create(reg.optionsJson());
    assertThat(service.finishRegistration(reg.id(), created, down).failure()).hasValue(PasskeyFailure.UNAVAILABLE);
    assertThat(service.finishRegistration(reg.id(), created, lookup).failure()).hasValue(PasskeyFailure.UNKNOWN_CEREMONY);

    PasskeyCeremony auth = service.startAuthentication();
    String assertion = authenticator.get(auth.optionsJson());
    assertThat(service.finishAuthentication(auth.id(), assertion, down).failure()).hasValue(PasskeyFailure.UNAVAILABLE);
    assertThat(service.finishAuthentication(auth.id(), assertion, lookup).failure()).hasValue(PasskeyFailure.UNKNOWN_CEREMONY);
  }

  @Test
  void aUserHandleOtherThanTheCredentials_isRefused() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    register(service, authenticator, user("alice"));
    authenticator.userHandle(StrictBase64Url.decode(PasskeyService.newUserHandle()));
    assertThat(signIn(service, authenticator).failure()).hasValue(PasskeyFailure.USER_HANDLE_MISMATCH);
  }

  @Test
  void usernamelessSignIn_withoutAUserHandle_isRefused() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    PasskeyCredential credential = register(service, authenticator, user("alice"));
    PasskeyCeremony c = service.startAuthentication();
    assertThat(service.finishAuthentication(c.id(), authenticator.get(c.optionsJson(), ORIGIN, false), lookup).failure())
        .hasValue(PasskeyFailure.USER_HANDLE_MISMATCH);
    // For a known user, the handle may be left out (non-discoverable credentials).
    c = service.startAuthentication(List.of(credential));
    assertThat(service.finishAuthentication(c.id(), authenticator.get(c.optionsJson(), ORIGIN, false), lookup).isValid()).isTrue();
  }

  @Test
  void unknownCredentials_wrongOrigins_andMissingPresenceOrVerification_areRefused() throws Exception {
    PasskeyService strict = builder().userVerification(PasskeyService.UserVerification.REQUIRED).build();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    register(strict, authenticator, user("alice"));

    PasskeyCeremony c = strict.startAuthentication();
    assertThat(strict.finishAuthentication(c.id(), authenticator.get(c.optionsJson()), id -> Optional.empty()).failure())
        .hasValue(PasskeyFailure.UNKNOWN_CREDENTIAL);
    c = strict.startAuthentication();
    assertThat(strict.finishAuthentication(c.id(), authenticator.get(c.optionsJson(), "https://evil.example", true), lookup).failure())
        .hasValue(PasskeyFailure.ORIGIN_NOT_ALLOWED);
    authenticator.userVerified(false);
    assertThat(signIn(strict, authenticator).failure()).hasValue(PasskeyFailure.USER_NOT_VERIFIED);
    authenticator.userVerified(true);
    authenticator.userPresent(false);
    assertThat(signIn(strict, authenticator).failure()).hasValue(PasskeyFailure.USER_NOT_PRESENT);

    SoftwareAuthenticator unverified = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    unverified.userVerified(false);
    PasskeyCeremony reg = strict.startRegistration(user("bob"), List.of());
    assertThat(strict.finishRegistration(reg.id(), unverified.create(reg.optionsJson()), lookup).failure())
        .hasValue(PasskeyFailure.USER_NOT_VERIFIED);
  }

  @Test
  void ceremonies_areSingleUse_typed_andExpire() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    PasskeyCeremony reg = service.startRegistration(user("alice"), List.of());
    String created = authenticator.create(reg.optionsJson());
    assertThat(service.finishRegistration(reg.id(), created, lookup).isValid()).isTrue();
    assertThat(service.finishRegistration(reg.id(), created, lookup).failure()).hasValue(PasskeyFailure.UNKNOWN_CEREMONY);

    PasskeyCeremony registrationAsSignIn = service.startRegistration(user("bob"), List.of());
    assertThat(service.finishAuthentication(registrationAsSignIn.id(), "{}", lookup).failure())
        .hasValue(PasskeyFailure.UNKNOWN_CEREMONY);
    PasskeyCeremony signInAsRegistration = service.startAuthentication();
    assertThat(service.finishRegistration(signInAsRegistration.id(), created, lookup).failure())
        .hasValue(PasskeyFailure.UNKNOWN_CEREMONY);

    PasskeyCeremony late = service.startRegistration(user("carol"), List.of());
    assertThat(late.expiresAt()).isEqualTo(clock.instant().plus(PasskeyService.DEFAULT_CHALLENGE_TTL));
    String response = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0).create(late.optionsJson());
    clock.advance(PasskeyService.DEFAULT_CHALLENGE_TTL);
    assertThat(service.finishRegistration(late.id(), response, lookup).failure()).hasValue(PasskeyFailure.EXPIRED);
    assertThat(service.finishRegistration(late.id(), response, lookup).failure()).hasValue(PasskeyFailure.UNKNOWN_CEREMONY);
  }

  @Test
  void aFailedResponse_usesTheCeremonyUp() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    register(service, authenticator, user("alice"));
    PasskeyCeremony c = service.startAuthentication();
    String good = authenticator.get(c.optionsJson());
    ObjectNode forged = (ObjectNode) JSON.readTree(good);
    byte[] signature = StrictBase64Url.decode(forged.path("response").path("signature").asText());
    signature[signature.length - 3] ^= 0x01;
    ((ObjectNode) forged.path("response")).put("signature", StrictBase64Url.encode(signature));
    assertThat(service.finishAuthentication(c.id(), forged.toString(), lookup).failure()).hasValue(PasskeyFailure.BAD_SIGNATURE);
    assertThat(service.finishAuthentication(c.id(), good, lookup).failure()).hasValue(PasskeyFailure.UNKNOWN_CEREMONY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "null", "[]", "{}", "{\"id\":\"x\"}", "{\"type\":\"public-key\",\"response\":{}}",
      "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"!!\",\"attestationObject\":\"AA\"}}"})
  void brokenJsonFromTheBrowser_isMalformed_neverAnException(String response) {
    PasskeyService service = service();
    PasskeyCeremony reg = service.startRegistration(user("alice"), List.of());
    assertThat(service.finishRegistration(reg.id(), response, lookup).failure()).hasValue(PasskeyFailure.MALFORMED_RESPONSE);
    PasskeyCeremony auth = service.startAuthentication();
    assertThat(service.finishAuthentication(auth.id(), response, lookup).failure()).hasValue(PasskeyFailure.MALFORMED_RESPONSE);
  }

  @Test
  void oversizedResponses_andBadCeremonyIds_areRefusedBeforeParsing() {
    PasskeyService service = service();
    PasskeyCeremony reg = service.startRegistration(user("alice"), List.of());
    String huge = "{\"id\":\"" + "A".repeat(PasskeyService.MAX_RESPONSE_LENGTH) + "\"}";
    assertThat(service.finishRegistration(reg.id(), huge, lookup).failure()).hasValue(PasskeyFailure.MALFORMED_RESPONSE);
    for (String id : List.of("", "short", reg.id() + "A", reg.id().replace(reg.id().charAt(3), '+'), "é".repeat(43))) {
      assertThat(service.finishRegistration(id, "{}", lookup).failure()).as(id).hasValue(PasskeyFailure.MALFORMED_CEREMONY);
    }
  }

  @Test
  void anUnavailableStore_deniesAndStartsThrow() {
    OneTimeTokenStore broken = new OneTimeTokenStore() {
      @Override
      public void put(String key, String value, Duration ttl) {
        throw new AuthStoreException("down", null);
      }

      @Override
      public Optional<String> take(String key) {
        throw new AuthStoreException("down", null);
      }
    };
    PasskeyService service = PasskeyService.builder("example.com", "Example", broken).origin(ORIGIN).build();
    assertThatThrownBy(service::startAuthentication).isInstanceOf(AuthStoreException.class);
    assertThat(service.finishAuthentication(PasskeyService.newUserHandle(), "{}", lookup).failure())
        .hasValue(PasskeyFailure.UNAVAILABLE);
  }

  @Test
  void registrationOptions_areWebAuthnLevel3Json() throws Exception {
    PasskeyService service = builder().userVerification(PasskeyService.UserVerification.REQUIRED).build();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    PasskeyUser alice = user("alice");
    PasskeyCredential existing = register(service, authenticator, alice);

    JsonNode o = JSON.readTree(service.startRegistration(alice, List.of(existing)).optionsJson());

    assertThat(o.path("rp").path("id").asText()).isEqualTo("example.com");
    assertThat(o.path("rp").path("name").asText()).isEqualTo("Example");
    assertThat(o.path("user").path("id").asText()).isEqualTo(alice.handle());
    assertThat(o.path("user").path("name").asText()).isEqualTo("alice@example.com");
    assertThat(o.path("user").path("displayName").asText()).isEqualTo("alice");
    assertThat(StrictBase64Url.decode(o.path("challenge").asText())).hasSize(32);
    assertThat(o.path("pubKeyCredParams").findValuesAsText("type")).containsOnly("public-key");
    assertThat(o.path("pubKeyCredParams").findValues("alg")).extracting(JsonNode::asInt).containsExactly(-7, -8, -257);
    assertThat(o.path("timeout").asLong()).isEqualTo(300_000);
    assertThat(o.path("excludeCredentials").get(0).path("id").asText()).isEqualTo(existing.credentialId());
    assertThat(o.path("excludeCredentials").get(0).path("transports").toString()).isEqualTo("[\"internal\",\"hybrid\"]");
    assertThat(o.path("authenticatorSelection").toString())
        .isEqualTo("{\"residentKey\":\"preferred\",\"requireResidentKey\":false,\"userVerification\":\"required\"}");
    assertThat(o.path("attestation").asText()).isEqualTo("none");

    JsonNode a = JSON.readTree(service.startAuthentication().optionsJson());
    assertThat(a.path("rpId").asText()).isEqualTo("example.com");
    assertThat(a.path("allowCredentials").isArray()).isTrue();
    assertThat(a.path("allowCredentials")).isEmpty();
    assertThat(a.path("userVerification").asText()).isEqualTo("required");
    assertThat(a.path("challenge").asText()).isNotEqualTo(o.path("challenge").asText());
  }

  @Test
  void startRegistration_refusesAnotherUsersCredentials_andTooMany() throws Exception {
    PasskeyService service = service();
    PasskeyCredential bobs = register(service, new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0), user("bob"));
    assertThatThrownBy(() -> service.startRegistration(user("alice"), List.of(bobs)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.startAuthentication(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    List<PasskeyCredential> many = java.util.Collections.nCopies(PasskeyService.MAX_CREDENTIALS_PER_CEREMONY + 1, bobs);
    assertThatThrownBy(() -> service.startAuthentication(many)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void origins_areCheckedAgainstTheRpIdAndTheDevelopmentSwitch() {
    PasskeyService.Builder b = PasskeyService.builder("example.com", "Example", store);
    assertThat(b.origin("https://example.com").origin("https://app.example.com:8443")
        .origin("android:apk-key-hash:" + "A".repeat(43)).build().toString()).contains("origins=3");
    for (String bad : List.of("http://example.com", "https://evil.com", "https://example.com.evil.com", "https://Example.com",
        "https://example.com/", "https://example.com/path", "https://user@example.com", "https://example.com:0",
        "https://example.com:99999", "ftp://example.com", "https://notexample.com", "android:apk-key-hash:short")) {
      assertThatThrownBy(() -> PasskeyService.builder("example.com", "Example", store).origin(bad).build())
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> PasskeyService.builder("localhost", "Dev", store).origin("http://localhost:8080").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PasskeyService.builder("localhost", "Dev", store).allowHttpLocalhostForDevelopment()
        .origin("http://localhost:8080").build().toString()).contains("rpId=localhost, origins=1");
    assertThatThrownBy(() -> PasskeyService.builder("example.com", "Example", store).build())
        .isInstanceOf(IllegalArgumentException.class);
    for (String rpId : List.of("", "Example.com", "https://example.com", "example.com/", "ex ample.com", "bücher.de")) {
      assertThatThrownBy(() -> PasskeyService.builder(rpId, "x", store)).as(rpId).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aThrottledService_countsFailuresPerUser_andRefusesBeforeVerifying() throws Exception {
    AuthThrottle throttle = AuthThrottle.builder("passkey", InMemoryRateLimitBackend.create()).accountFreeFailures(2).build();
    PasskeyService service = builder().throttle(throttle).build();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    register(service, authenticator, user("alice"));
    RateLimitKey client = RateLimitKey.ip(java.net.InetAddress.getByName("203.0.113.7"));

    PasskeyCeremony c = service.startAuthentication();
    assertThatThrownBy(() -> service.finishAuthentication(c.id(), "{}", lookup)).isInstanceOf(IllegalArgumentException.class);
    for (int i = 0; i < 2; i++) {
      PasskeyCeremony bad = service.startAuthentication();
      String forged = authenticator.get(bad.optionsJson(), "https://evil.example", true);
      assertThat(service.finishAuthentication(bad.id(), forged, lookup, client).failure()).hasValue(PasskeyFailure.ORIGIN_NOT_ALLOWED);
    }
    PasskeyCeremony next = service.startAuthentication();
    PasskeyAuthentication throttled = service.finishAuthentication(next.id(), authenticator.get(next.optionsJson()), lookup, client);
    assertThat(throttled.failure()).hasValue(PasskeyFailure.THROTTLED);
    assertThat(throttled.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
    assertThat(signInWithoutThrottleKey(service, authenticator)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Throwable signInWithoutThrottleKey(PasskeyService service, SoftwareAuthenticator authenticator) {
    try {
      PasskeyCeremony c = service.startAuthentication();
      service.finishAuthentication(c.id(), authenticator.get(c.optionsJson()), id -> Optional.empty());
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void responsesMadeForAnotherRpId_areRpIdMismatches() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    PasskeyCeremony reg = service.startRegistration(user("alice"), List.of());
    ObjectNode otherRp = (ObjectNode) JSON.readTree(reg.optionsJson());
    ((ObjectNode) otherRp.path("rp")).put("id", "other.example");
    assertThat(service.finishRegistration(reg.id(), authenticator.create(otherRp.toString()), lookup).failure())
        .hasValue(PasskeyFailure.RP_ID_MISMATCH);

    register(service, authenticator, user("alice"));
    PasskeyCeremony c = service.startAuthentication();
    ObjectNode options = (ObjectNode) JSON.readTree(c.optionsJson());
    options.put("rpId", "other.example");
    assertThat(service.finishAuthentication(c.id(), authenticator.get(options.toString()), lookup).failure())
        .hasValue(PasskeyFailure.RP_ID_MISMATCH);
  }

  @Test
  void crossOriginCalls_areRefused_atRegistrationAndSignIn() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    register(service, authenticator, user("alice"));
    authenticator.crossOrigin(true);
    assertThat(signIn(service, authenticator).failure()).hasValue(PasskeyFailure.ORIGIN_NOT_ALLOWED);
    SoftwareAuthenticator framed = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    framed.crossOrigin(true);
    PasskeyCeremony reg = service.startRegistration(user("bob"), List.of());
    assertThat(service.finishRegistration(reg.id(), framed.create(reg.optionsJson()), lookup).failure())
        .hasValue(PasskeyFailure.ORIGIN_NOT_ALLOWED);
  }

  @Test
  void keysWithoutOrWithAnotherAlgorithm_areRefused() throws Exception {
    PasskeyService service = service();
    for (Integer label : new Integer[] {null, -35, -257}) {
      for (Algorithm algorithm : Algorithm.values()) {
        SoftwareAuthenticator liar = new SoftwareAuthenticator(algorithm, ORIGIN, 0);
        liar.coseAlgorithm(label);
        PasskeyCeremony reg = service.startRegistration(user("mallory"), List.of());
        PasskeyRegistration r = service.finishRegistration(reg.id(), liar.create(reg.optionsJson()), lookup);
        assertThat(r.isValid()).as("%s labelled %s", algorithm, label).isFalse();
        assertThat(r.failure().orElseThrow()).as("%s labelled %s", algorithm, label)
            .isIn(PasskeyFailure.ALGORITHM_NOT_ALLOWED, PasskeyFailure.REJECTED);
        if (label != null && label == -35 && algorithm == Algorithm.ES256) {
          assertThat(r.failure()).as("%s labelled %s", algorithm, label).hasValue(PasskeyFailure.ALGORITHM_NOT_ALLOWED);
        }
      }
    }
  }

  @Test
  void aCredentialIdAlreadyRegistered_isRefused() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    PasskeyCredential alices = register(service, authenticator, user("alice"));
    PasskeyCeremony again = service.startRegistration(user("mallory"), List.of());
    assertThat(service.finishRegistration(again.id(), authenticator.create(again.optionsJson()), lookup).failure())
        .hasValue(PasskeyFailure.CREDENTIAL_ALREADY_REGISTERED);
    assertThat(repository.get(alices.credentialId()).userHandle()).isEqualTo(alices.userHandle());
  }

  @Test
  void otherAttestationFormats_areRefused() throws Exception {
    PasskeyService service = service();
    for (String format : List.of("apple", "android-key", "android-safetynet", "made-up")) {
      SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
      authenticator.attestationFormat(format);
      PasskeyCeremony reg = service.startRegistration(user("alice"), List.of());
      assertThat(service.finishRegistration(reg.id(), authenticator.create(reg.optionsJson()), lookup).failure().orElseThrow())
          .as(format).isIn(PasskeyFailure.BAD_ATTESTATION, PasskeyFailure.MALFORMED_RESPONSE);
    }
  }

  @Test
  void nullOrOddTransports_areDroppedOrRefused_neverThrown() throws Exception {
    PasskeyService service = service();
    for (String transports : List.of("[null,\"usb\"]", "[1,\"usb\"]", "[\"USB\",\"usb\"]", "\"usb\"", "{}", "[[]]")) {
      SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
      authenticator.transportsJson(transports);
      PasskeyCeremony reg = service.startRegistration(user("alice"), List.of());
      PasskeyRegistration r = service.finishRegistration(reg.id(), authenticator.create(reg.optionsJson()), lookup);
      if (r.isValid()) {
        assertThat(r.credential().orElseThrow().transports()).as(transports).isSubsetOf("usb");
      } else {
        assertThat(r.failure()).as(transports).hasValue(PasskeyFailure.MALFORMED_RESPONSE);
      }
    }
  }

  @Test
  void backupFlags_mustStayConsistent() throws Exception {
    PasskeyService service = service();
    SoftwareAuthenticator synced = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    synced.backup(true, true);
    register(service, synced, user("alice"));
    synced.backup(false, false); // backup eligibility cannot change after registration
    assertThat(signIn(service, synced).failure()).hasValue(PasskeyFailure.REJECTED);

    SoftwareAuthenticator broken = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    broken.backup(false, true); // backed up but not eligible: an illegal state
    PasskeyCeremony reg = service.startRegistration(user("bob"), List.of());
    assertThat(service.finishRegistration(reg.id(), broken.create(reg.optionsJson()), lookup).failure()).hasValue(PasskeyFailure.REJECTED);
  }

  @Test
  void anAndroidAppOrigin_completesAWholeCeremony() throws Exception {
    String android = "android:apk-key-hash:" + StrictBase64Url.encode(new byte[32]);
    PasskeyService service = PasskeyService.builder("example.com", "Example", store).origin(ORIGIN).origin(android).build();
    SoftwareAuthenticator phone = new SoftwareAuthenticator(Algorithm.ES256, android, 0);
    register(service, phone, user("alice"));
    assertThat(signIn(service, phone).failure()).isEmpty();
  }

  @Test
  void storedCredentials_refuseEveryMalformedForm() throws Exception {
    PasskeyCredential good = register(service(), new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0), user("alice"));
    String json = good.toJson();
    assertThat(PasskeyCredential.fromJson(json).toJson()).isEqualTo(json);
    List<String> bad = List.of("", "{}", "[]", "null", json.replace("\"v\":1", "\"v\":2"),
        json.replace("\"signCount\":0", "\"signCount\":-1"), json.replace("\"signCount\":0", "\"signCount\":4294967296"),
        json.replace("\"signCount\":0", "\"signCount\":\"0\""), json.replace("\"backedUp\":false", "\"backedUp\":\"no\""),
        json.replace("\"attestationFormat\":\"none\"", "\"attestationFormat\":\"NONE!\""),
        json.replace("\"aaguid\":\"", "\"aaguid\":\"x"), json.replace("\"transports\":[", "\"transports\":[\"USB\","),
        json.replace("}", ",\"extra\":1}"), json.replace("\"credentialId\":\"", "\"credentialId\":\"+"),
        json.replace("\"publicKey\":\"", "\"publicKey\":\"="), json.replace("\"v\":1", "\"v\":\"1\""),
        json.replace("\"signCount\":0", "\"signCount\":18446744073709551621"),
        json.replace("\"v\":1,", "\"v\":1,\"signCount\":7,"));
    for (String b : bad) {
      assertThatThrownBy(() -> PasskeyCredential.fromJson(b)).as(b).isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(good.credentialId()));
    }
  }
}
