package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.hiroi.crypto.internal.StrictBase64Url;
import io.hiroi.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real authenticator responses (py_webauthn's, see ../shared/vectors/README.md section 3): the
 * valid ones verify with the recorded challenge, origin and RP id and give the recorded values;
 * the invalid ones, and every mutation the README lists, are refused.
 */
class PasskeyServiceVectorsTest {
  private static final String FILE = "webauthn/webauthn_py_webauthn.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> registrations() {
    List<Arguments> out = new ArrayList<>();
    Vectors.json(FILE).path("registrations").forEach(v -> out.add(Arguments.of(v.path("name").asText(), v)));
    return out.stream();
  }

  static Stream<Arguments> authentications() {
    List<Arguments> out = new ArrayList<>();
    Vectors.json(FILE).path("authentications").forEach(v -> out.add(Arguments.of(v.path("name").asText(), v)));
    return out.stream();
  }

  private static PasskeyService service(JsonNode v, String origin, String rpId, boolean uvRequired) {
    PasskeyService.Builder b = PasskeyService.builder(rpId, "Vectors", InMemoryOneTimeTokenStore.create());
    if (origin.startsWith("http://localhost")) {
      b.allowHttpLocalhostForDevelopment();
    }
    return b.origin(origin)
        .userVerification(uvRequired ? PasskeyService.UserVerification.REQUIRED : PasskeyService.UserVerification.PREFERRED)
        .build();
  }

  private static PasskeyService service(JsonNode v) {
    return service(v, v.path("origin").asText(), v.path("rpId").asText(), v.path("userVerificationRequired").asBoolean());
  }

  private static byte[] challenge(JsonNode v) {
    return StrictBase64Url.decode(v.path("challenge").asText());
  }

  private static PasskeyRegistration register(PasskeyService service, byte[] challenge, String responseJson) {
    PasskeyUser user = PasskeyUser.of(PasskeyService.newUserHandle(), "alice@example.com", "Alice");
    PasskeyCeremony c = service.startRegistration(user, List.of(), challenge);
    return service.finishRegistration(c.id(), responseJson, id -> Optional.empty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registrations")
  void registration_verifiesAndGivesTheRecordedValues(String name, JsonNode v) {
    PasskeyRegistration r = register(service(v), challenge(v), v.path("registrationResponseJSON").toString());

    JsonNode expected = v.path("expected");
    assertThat(r.failure()).as(name).isEmpty();
    PasskeyCredential c = r.credential().orElseThrow();
    assertThat(c.credentialId()).isEqualTo(expected.path("credentialId").asText());
    assertThat(c.signCount()).isEqualTo(expected.path("signCount").asLong());
    assertThat(c.attestationFormat()).isEqualTo(expected.path("attestationFormat").asText());
    assertThat(c.aaguid()).isEqualTo(UUID.fromString(expected.path("aaguid").asText()));
    assertThat(c.uvInitialized()).isEqualTo(expected.path("flags").path("UV").asBoolean());
    assertThat(c.backupEligible()).isEqualTo(expected.path("flags").path("BE").asBoolean());
    assertThat(StrictBase64Url.encode(c.publicKeyCose())).isEqualTo(expected.path("credentialPublicKeyCose").asText());
    // The stored form reads back to the same credential.
    assertThat(PasskeyCredential.fromJson(c.toJson()).toJson()).isEqualTo(c.toJson());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registrations")
  void registration_isRefusedForAnotherChallengeOriginOrRpId(String name, JsonNode v) {
    String response = v.path("registrationResponseJSON").toString();
    byte[] other = challenge(v);
    other[0] ^= 1;
    assertThat(register(service(v), other, response).failure()).hasValue(PasskeyFailure.CHALLENGE_MISMATCH);
    PasskeyService evil = service(v, "https://evil.example", "evil.example", false);
    assertThat(register(evil, challenge(v), response).failure()).hasValue(PasskeyFailure.ORIGIN_NOT_ALLOWED);
    String origin = v.path("origin").asText();
    if (origin.startsWith("https://")) {
      // The RP id must cover the origin, so a wrong RP id is tried with the origin's parent domain.
      String host = origin.substring(8);
      String parent = host.substring(host.indexOf('.') + 1);
      assertThat(register(service(v, origin, parent, false), challenge(v), response).failure())
          .hasValue(PasskeyFailure.RP_ID_MISMATCH);
    } else {
      // An http://localhost origin needs the RP id localhost, so the RP id cannot differ alone: a
      // service for another RP refuses the response on its origin first.
      PasskeyService wrongRp = service(v, "https://example.com", "example.com", false);
      assertThat(register(wrongRp, challenge(v), response).failure()).hasValue(PasskeyFailure.ORIGIN_NOT_ALLOWED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registrations")
  void registration_withSignedAttestation_isRefusedWhenClientDataOrSignatureChange(String name, JsonNode v) throws Exception {
    String format = v.path("expected").path("attestationFormat").asText();
    if (format.equals("none")) {
      return; // nothing signs a 'none' registration's client data (README section 3)
    }
    PasskeyService service = service(v);
    String spaced = mutate(v.path("registrationResponseJSON"), "clientDataJSON", b -> addSpace(b));
    assertThat(register(service, challenge(v), spaced).failure().orElseThrow())
        .as(name).isIn(PasskeyFailure.BAD_ATTESTATION, PasskeyFailure.BAD_SIGNATURE);

    String flipped = mutate(v.path("registrationResponseJSON"), "attestationObject", PasskeyServiceVectorsTest::flipAttestationSignature);
    assertThat(register(service, challenge(v), flipped).failure().orElseThrow())
        .as(name).isIn(PasskeyFailure.BAD_ATTESTATION, PasskeyFailure.BAD_SIGNATURE);
  }

  private static PasskeyCredential stored(JsonNode v, String userHandle) {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("credentialId", v.path("credentialId").asText());
    n.put("userHandle", userHandle);
    n.put("publicKey", v.path("credentialPublicKeyCose").asText());
    n.put("signCount", v.path("storedSignCount").asLong());
    n.putArray("transports");
    n.put("aaguid", new UUID(0, 0).toString());
    n.put("uvInitialized", false);
    n.put("backupEligible", false);
    n.put("backedUp", false);
    n.put("attestationFormat", "none");
    return PasskeyCredential.fromJson(n.toString());
  }

  private static String userHandleOf(JsonNode v) {
    JsonNode h = v.path("authenticationResponseJSON").path("response").path("userHandle");
    return h.isTextual() ? h.asText() : StrictBase64Url.encode("some-user".getBytes(StandardCharsets.US_ASCII));
  }

  private static PasskeyAuthentication authenticate(PasskeyService service, JsonNode v, byte[] challenge, String responseJson) {
    PasskeyCredential credential = stored(v, userHandleOf(v));
    PasskeyCeremony c = service.startAuthentication(List.of(credential), challenge);
    return service.finishAuthentication(
        c.id(), responseJson, id -> id.equals(credential.credentialId()) ? Optional.of(credential) : Optional.empty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("authentications")
  void authentication_matchesTheRecordedResult(String name, JsonNode v) {
    PasskeyAuthentication a = authenticate(service(v), v, challenge(v), v.path("authenticationResponseJSON").toString());

    JsonNode expected = v.path("expected");
    if (expected.path("result").asText().equals("valid")) {
      assertThat(a.failure()).as(name).isEmpty();
      assertThat(a.credential().orElseThrow().signCount()).isEqualTo(expected.path("newSignCount").asLong());
      assertThat(a.userVerified()).isEqualTo(expected.path("userVerified").asBoolean());
      assertThat(a.userHandle()).hasValue(userHandleOf(v));
      assertThat(a.signCountRegressed()).isFalse();
    } else {
      assertThat(a.isValid()).as(name).isFalse();
      assertThat(a.failure().orElseThrow()).isIn(PasskeyFailure.BAD_SIGNATURE, PasskeyFailure.USER_NOT_VERIFIED);
    }
    for (JsonNode when : v.path("invalidWhen")) {
      if (when.path("userVerificationRequired").asBoolean()) {
        PasskeyService strict = service(v, v.path("origin").asText(), v.path("rpId").asText(), true);
        assertThat(authenticate(strict, v, challenge(v), v.path("authenticationResponseJSON").toString()).failure())
            .hasValue(PasskeyFailure.USER_NOT_VERIFIED);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("authentications")
  void authentication_isRefusedWhenAnythingChanges(String name, JsonNode v) throws Exception {
    if (!v.path("expected").path("result").asText().equals("valid")) {
      return;
    }
    JsonNode response = v.path("authenticationResponseJSON");
    PasskeyService service = service(v);
    byte[] other = challenge(v);
    other[other.length - 1] ^= 1;
    assertThat(authenticate(service, v, other, response.toString()).failure()).hasValue(PasskeyFailure.CHALLENGE_MISMATCH);
    assertThat(authenticate(service(v, "https://evil.example", "evil.example", false), v, challenge(v), response.toString()).failure())
        .hasValue(PasskeyFailure.ORIGIN_NOT_ALLOWED);
    PasskeyService localhostOtherRp = PasskeyService.builder("example.com", "x", InMemoryOneTimeTokenStore.create())
        .origin("https://example.com").build();
    // The vectors' origin is http://localhost, which needs the RP id localhost: another RP's
    // service refuses the response on its origin first.
    assertThat(authenticate(localhostOtherRp, v, challenge(v), response.toString()).failure()).hasValue(PasskeyFailure.ORIGIN_NOT_ALLOWED);

    assertThat(authenticate(service, v, challenge(v), mutate(response, "clientDataJSON", PasskeyServiceVectorsTest::addSpace)).failure())
        .hasValue(PasskeyFailure.BAD_SIGNATURE);
    for (String field : List.of("authenticatorData", "signature")) {
      byte[] original = StrictBase64Url.decode(response.path("response").path(field).asText());
      for (int i = 0; i < original.length; i += Math.max(1, original.length / 12)) {
        int at = i;
        String changed = mutate(response, field, b -> { b[at] ^= 0x01; return b; });
        PasskeyAuthentication a = authenticate(service, v, challenge(v), changed);
        assertThat(a.isValid()).as("%s byte %d of %s", name, at, field).isFalse();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("authentications")
  void authentication_ceremonyIsSingleUse(String name, JsonNode v) {
    if (!v.path("expected").path("result").asText().equals("valid")) {
      return;
    }
    PasskeyService service = service(v);
    PasskeyCredential credential = stored(v, userHandleOf(v));
    PasskeyCeremony c = service.startAuthentication(List.of(credential), challenge(v));
    String response = v.path("authenticationResponseJSON").toString();
    PasskeyService.CredentialLookup lookup = id -> Optional.of(credential);
    assertThat(service.finishAuthentication(c.id(), response, lookup).isValid()).isTrue();
    assertThat(service.finishAuthentication(c.id(), response, lookup).failure()).hasValue(PasskeyFailure.UNKNOWN_CEREMONY);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("authentications")
  void authentication_refusesACounterThatDoesNotGrow(String name, JsonNode v) {
    JsonNode expected = v.path("expected");
    if (!expected.path("result").asText().equals("valid") || expected.path("newSignCount").asLong() == 0) {
      return;
    }
    ObjectNode ahead = (ObjectNode) v.deepCopy();
    ahead.put("storedSignCount", expected.path("newSignCount").asLong());
    String response = v.path("authenticationResponseJSON").toString();
    assertThat(authenticate(service(ahead), ahead, challenge(v), response).failure()).hasValue(PasskeyFailure.POSSIBLE_CLONE);

    PasskeyService lenient = PasskeyService.builder(v.path("rpId").asText(), "x", InMemoryOneTimeTokenStore.create())
        .allowHttpLocalhostForDevelopment().origin(v.path("origin").asText()).allowSignCountRegression().build();
    PasskeyAuthentication a = authenticate(lenient, ahead, challenge(v), response);
    assertThat(a.isValid()).isTrue();
    assertThat(a.signCountRegressed()).isTrue();
    assertThat(a.credential().orElseThrow().signCount()).isEqualTo(expected.path("newSignCount").asLong());
  }

  private static String mutate(JsonNode response, String field, UnaryOperator<byte[]> change) {
    ObjectNode copy = (ObjectNode) response.deepCopy();
    ObjectNode inner = (ObjectNode) copy.path("response");
    byte[] bytes = StrictBase64Url.decode(inner.path(field).asText());
    inner.put(field, StrictBase64Url.encode(change.apply(bytes)));
    return copy.toString();
  }

  private static byte[] addSpace(byte[] clientDataJson) {
    String text = new String(clientDataJson, StandardCharsets.UTF_8);
    return text.replaceFirst("\\{", "{ ").getBytes(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static byte[] flipAttestationSignature(byte[] attestationObject) {
    try {
      CBORMapper cbor = new CBORMapper();
      Map<String, Object> object = cbor.readValue(attestationObject, Map.class);
      Map<String, Object> statement = (Map<String, Object>) object.get("attStmt");
      byte[] sig = (byte[]) statement.get("sig");
      sig[sig.length / 2] ^= 0x01;
      return cbor.writeValueAsBytes(object);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
