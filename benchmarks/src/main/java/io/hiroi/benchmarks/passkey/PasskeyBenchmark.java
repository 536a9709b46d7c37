package io.hiroi.benchmarks.passkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import io.hiroi.auth.InMemoryOneTimeTokenStore;
import io.hiroi.auth.PasskeyAuthentication;
import io.hiroi.auth.PasskeyCeremony;
import io.hiroi.auth.PasskeyCredential;
import io.hiroi.auth.PasskeyService;
import io.hiroi.auth.PasskeyUser;
import io.hiroi.testing.SoftwareAuthenticator;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ES256 passkey sign-in check, per second:
 *
 * <ul>
 *   <li>{@code hiroi}: {@link PasskeyService#finishAuthentication} of a fresh ceremony: take the
 *       challenge from the in-memory store, parse the browser JSON, look the credential up (a
 *       stored-JSON read, as from a database row), verify with webauthn4j, apply the counter rule.
 *       Each invocation gets its own ceremony and assertion, made outside the timed part.
 *   <li>{@code webauthn4j}: what a user of webauthn4j-core alone writes: parse the same JSON and
 *       {@code WebAuthnManager.verify} against a prepared credential record (no store, no lookup).
 *   <li>{@code jdkSignature}: the floor: base64url-decode, SHA-256 of the client data, and one JDK
 *       {@code SHA256withECDSA} verification of the same bytes; no WebAuthn checks at all.
 * </ul>
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar PasskeyBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class PasskeyBenchmark {
  private static final String ORIGIN = "https://example.com";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A registered credential and its authenticator, shared by the three variants. */
  @State(Scope.Thread)
  public static class Passkey {
    SoftwareAuthenticator authenticator;
    PasskeyService service;
    String storedJson;
    String ceremonyId;
    String assertion;
    String fixedAssertion;
    byte[] fixedChallenge;
    WebAuthnManager manager;
    CredentialRecordImpl record;

    /**
     * Registers one passkey through hiroi, and prepares webauthn4j's record of it.
     *
     * @throws Exception if the setup fails
     */
    @Setup(Level.Trial)
    public void register() throws Exception {
      authenticator = new SoftwareAuthenticator(SoftwareAuthenticator.Algorithm.ES256, ORIGIN, 0);
      service = PasskeyService.builder("example.com", "Example", InMemoryOneTimeTokenStore.create()).origin(ORIGIN).build();
      PasskeyCeremony reg = service.startRegistration(PasskeyUser.of(PasskeyService.newUserHandle(), "a", "A"), List.of());
      PasskeyCredential credential = service.finishRegistration(reg.id(), authenticator.create(reg.optionsJson()), id -> Optional.empty()).credential().orElseThrow();
      storedJson = credential.toJson();

      PasskeyCeremony fixed = service.startAuthentication();
      fixedChallenge = Base64.getUrlDecoder().decode(JSON.readTree(fixed.optionsJson()).path("challenge").asText());
      authenticator.signCount(-1); // the fixed assertion reports 0, so webauthn4j's counter rule passes each time
      fixedAssertion = authenticator.get(fixed.optionsJson());
      manager = WebAuthnManager.createNonStrictWebAuthnManager(); // assertion checks are the same in both managers
      ObjectConverter converter = new ObjectConverter();
      COSEKey key = converter.getCborConverter().readValue(credential.publicKeyCose(), COSEKey.class);
      record = new CredentialRecordImpl(new NoneAttestationStatement(), null, null, null, 0,
          new AttestedCredentialData(AAGUID.ZERO, Base64.getUrlDecoder().decode(credential.credentialId()), key), null, null, null, Set.of());
      authenticator.signCount(0);
    }

    /**
     * Starts a new ceremony and signs its assertion (not timed).
     *
     * @throws Exception if signing fails
     */
    @Setup(Level.Invocation)
    public void nextCeremony() throws Exception {
      PasskeyCeremony c = service.startAuthentication();
      ceremonyId = c.id();
      assertion = authenticator.get(c.optionsJson());
    }
  }

  /**
   * hiroi: a whole sign-in check.
   *
   * @param p the passkey
   * @return the outcome
   */
  @Benchmark
  public PasskeyAuthentication hiroi(Passkey p) {
    PasskeyAuthentication a = p.service.finishAuthentication(p.ceremonyId, p.assertion, id -> Optional.of(PasskeyCredential.fromJson(p.storedJson)));
    if (!a.isValid()) {
      throw new IllegalStateException("benchmark assertion refused: " + a.failure());
    }
    return a;
  }

  /**
   * webauthn4j alone: parse and verify the same kind of assertion.
   *
   * @param p the passkey
   * @return the parsed data
   */
  @Benchmark
  public AuthenticationData webauthn4j(Passkey p) {
    AuthenticationData data = p.manager.parseAuthenticationResponseJSON(p.fixedAssertion);
    ServerProperty server = new ServerProperty(Set.of(new Origin(ORIGIN)), "example.com", new DefaultChallenge(p.fixedChallenge));
    return p.manager.verify(data, new AuthenticationParameters(server, p.record, null, false, true));
  }

  /**
   * The floor: decode, hash and one ECDSA verification.
   *
   * @param p the passkey
   * @return whether it verified
   * @throws Exception if the JDK fails
   */
  @Benchmark
  public boolean jdkSignature(Passkey p) throws Exception {
    JsonNode response = JSON.readTree(p.fixedAssertion).path("response");
    Base64.Decoder b64 = Base64.getUrlDecoder();
    byte[] authData = b64.decode(response.path("authenticatorData").asText());
    byte[] clientData = b64.decode(response.path("clientDataJSON").asText());
    byte[] signed = ByteBuffer.allocate(authData.length + 32)
        .put(authData).put(MessageDigest.getInstance("SHA-256").digest(clientData)).array();
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initVerify(p.authenticator.publicKey());
    s.update(signed);
    boolean ok = s.verify(b64.decode(response.path("signature").asText()));
    if (!ok) {
      throw new IllegalStateException("benchmark signature refused");
    }
    return ok;
  }
}
