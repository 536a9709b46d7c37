package io.hiroi.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.authenticator.Curve;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.authenticator.EdDSACOSEKey;
import com.webauthn4j.data.attestation.authenticator.RSACOSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionsAuthenticatorOutputs;
import com.webauthn4j.data.extension.client.AuthenticationExtensionsClientOutputs;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.attestation.statement.none.NoneAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.packed.PackedAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.tpm.TPMAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.u2f.FIDOU2FAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.NullCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.self.NullSelfAttestationTrustworthinessVerifier;
import com.webauthn4j.verifier.exception.BadAaguidException;
import com.webauthn4j.verifier.exception.BadAlgorithmException;
import com.webauthn4j.verifier.exception.BadAttestationStatementException;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.CertificateException;
import com.webauthn4j.verifier.exception.CrossOriginException;
import com.webauthn4j.verifier.exception.InconsistentClientDataTypeException;
import com.webauthn4j.verifier.exception.MissingChallengeException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.NotAllowedCredentialIdException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;
import io.hiroi.auth.internal.Errors;
import io.hiroi.auth.internal.Secrets;
import io.hiroi.crypto.internal.StrictBase64Url;
import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.ThrottleDecision;
import java.io.IOException;
import java.net.IDN;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Passkeys (WebAuthn Level 3) on webauthn4j-core: registration and sign-in ceremonies, with the
 * challenge of each ceremony held single-use in a {@link OneTimeTokenStore} (in-memory, or Redis
 * so that any replica can finish a ceremony another started).
 *
 * <p><b>Registration.</b> {@link #startRegistration} gives the options for {@code
 * navigator.credentials.create()} (a fresh 32-byte challenge; ES256, EdDSA and RS256; the user's
 * existing credentials excluded; resident key preferred; the configured user verification and
 * attestation conveyance). {@link #finishRegistration} verifies the browser's JSON response:
 * challenge, type, origin, RP id hash, user presence, user verification when required, the
 * algorithm, and the attestation statement's signature for the {@code none}, {@code packed},
 * {@code fido-u2f} and {@code tpm} formats (a statement of any other format is refused). Trust in
 * the authenticator's maker (attestation certificate chains, FIDO metadata) is not judged: like
 * most passkey relying parties, hiroi records the AAGUID and format and accepts any authenticator.
 *
 * <p><b>Sign-in.</b> {@link #startAuthentication()} starts a usernameless sign-in (discoverable
 * credentials); {@link #startAuthentication(Collection)} one limited to a known user's
 * credentials. {@link #finishAuthentication} verifies signature, challenge, origin, RP id hash,
 * user presence, user verification when required, that the credential belongs to the user handle
 * the authenticator returned, and the counter rule: a counter that does not grow (when either value
 * is non-zero) is a possible clone, refused unless {@link Builder#allowSignCountRegression()};
 * authenticators that always report 0 (Apple's, most synced passkeys) are fine.
 *
 * <p>With a {@linkplain Builder#throttle throttle}, sign-ins are throttled per user and client
 * through {@code hiroi-ratelimit}'s {@link AuthThrottle} before any signature is checked.
 *
 * <p>Every ceremony is single-use: its challenge is taken from the store before anything else is
 * checked, so a failed or replayed response cannot be retried with the same challenge. Expected
 * failures are values ({@link PasskeyFailure}); nothing a browser sends makes these methods throw.
 *
 * <p>Immutable and thread-safe; share one instance.
 */
public final class PasskeyService {
  /** The default lifetime of a ceremony's challenge: 5 minutes, also the browser's timeout. */
  public static final Duration DEFAULT_CHALLENGE_TTL = Duration.ofMinutes(5);

  /** The largest browser response accepted, in characters. */
  public static final int MAX_RESPONSE_LENGTH = 64 * 1024;

  /** The most credentials one user may have excluded or allowed in one ceremony. */
  public static final int MAX_CREDENTIALS_PER_CEREMONY = 64;

  private static final Duration MIN_TTL = Duration.ofSeconds(30);
  private static final Duration EXPIRED_GRACE = Duration.ofMinutes(1);
  private static final Duration MAX_TTL = Duration.ofMinutes(10);
  private static final int CHALLENGE_BYTES = 32;
  private static final String KEY_DOMAIN = "hiroi-passkey-ceremony-v1:";
  private static final char REGISTRATION = 'R';
  private static final char AUTHENTICATION = 'A';
  private static final Pattern TRANSPORT = Pattern.compile("[a-z0-9-]{1,32}");
  private static final Pattern ANDROID_ORIGIN = Pattern.compile("android:apk-key-hash:[A-Za-z0-9_-]{43}");
  private static final List<PublicKeyCredentialParameters> ALGORITHMS =
      List.of(
          new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
          new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
          new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

  /** How much the service asks the authenticator to verify the user (PIN, biometrics). */
  public enum UserVerification {
    /** Refuse a response whose UV flag is not set. */
    REQUIRED("required"),
    /** Ask for it, accept without it (the WebAuthn default). */
    PREFERRED("preferred"),
    /** Ask the authenticator not to. */
    DISCOURAGED("discouraged");

    final String json;

    UserVerification(String json) {
      this.json = json;
    }
  }

  /** Which attestation statement to ask the browser for at registration. */
  public enum Attestation {
    /** None: the usual choice for passkeys (the browser may strip it and zero the AAGUID). */
    NONE("none"),
    /** Ask the browser to pass the authenticator's statement on unchanged. */
    DIRECT("direct");

    final String json;

    Attestation(String json) {
      this.json = json;
    }
  }

  /** Finds a registered credential by its id, in the host's repository. */
  @FunctionalInterface
  public interface CredentialLookup {
    /**
     * Finds a credential.
     *
     * @param credentialId the credential id the browser sent (base64url)
     * @return the stored credential, or empty when unknown
     */
    Optional<PasskeyCredential> find(String credentialId);
  }

  private final String rpId;
  private final String rpName;
  private final Set<Origin> origins;
  private final OneTimeTokenStore store;
  private final UserVerification userVerification;
  private final Attestation attestation;
  private final Duration challengeTtl;
  private final boolean allowSignCountRegression;
  private final AuthThrottle throttle;
  private final Clock clock;
  private final WebAuthnManager manager;
  private static final CBORMapper CBOR = new CBORMapper();
  private final ObjectConverter converter = new ObjectConverter();

  private PasskeyService(Builder b) {
    this.rpId = b.rpId;
    this.rpName = b.rpName;
    this.origins = Set.copyOf(b.origins);
    this.store = b.store;
    this.userVerification = b.userVerification;
    this.attestation = b.attestation;
    this.challengeTtl = b.challengeTtl;
    this.allowSignCountRegression = b.allowSignCountRegression;
    this.throttle = b.throttle;
    this.clock = b.clock;
    // Real statement verifiers: the non-strict manager would skip every attestation signature.
    this.manager =
        new WebAuthnManager(
            List.of(
                new NoneAttestationStatementVerifier(),
                new PackedAttestationStatementVerifier(),
                new FIDOU2FAttestationStatementVerifier(),
                new TPMAttestationStatementVerifier()),
            new NullCertPathTrustworthinessVerifier(),
            new NullSelfAttestationTrustworthinessVerifier(),
            List.of(),
            List.of(),
            converter);
    // The counter rule is applied here, so that a regression can be reported as well as refused.
    manager.getAuthenticationDataVerifier().setMaliciousCounterValueHandler(authenticationObject -> {});
  }

  /**
   * Starts building a service for one relying party.
   *
   * @param rpId the relying party id: the registrable domain or host name the passkeys belong to
   *     (for example {@code example.com}, which also covers {@code app.example.com}); lower case
   * @param rpName the name browsers show for the relying party
   * @param store where challenges wait for their response (the one-time token stores serve)
   * @return the builder; add at least one {@linkplain Builder#origin origin}
   * @throws IllegalArgumentException if {@code rpId} is not a host name or {@code rpName} is empty
   *     or longer than 256 characters
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(String rpId, String rpName, OneTimeTokenStore store) {
    return new Builder(rpId, rpName, store);
  }

  /**
   * Makes a new random user handle (32 bytes) for a user's first passkey; keep it with the user
   * and pass the same handle for every later registration.
   *
   * @return base64url of 32 random bytes
   */
  public static String newUserHandle() {
    return StrictBase64Url.encode(Secrets.randomBytes(32));
  }

  /**
   * Starts a registration for a user.
   *
   * @param user the user (the handle must be the same for all of the user's passkeys)
   * @param existing the user's registered credentials, excluded so an authenticator is not
   *     registered twice
   * @return the ceremony: options for {@code navigator.credentials.create()} and its id
   * @throws IllegalArgumentException if {@code existing} holds more than {@value
   *     #MAX_CREDENTIALS_PER_CEREMONY} credentials or one of another user
   * @throws AuthStoreException if the challenge store cannot answer
   * @throws NullPointerException if an argument is null
   */
  public PasskeyCeremony startRegistration(PasskeyUser user, Collection<PasskeyCredential> existing) {
    return startRegistration(user, existing, Secrets.randomBytes(CHALLENGE_BYTES));
  }

  /** Starts a registration with a given challenge: for tests against recorded responses only. */
  PasskeyCeremony startRegistration(PasskeyUser user, Collection<PasskeyCredential> existing, byte[] challenge) {
    Objects.requireNonNull(user, "user");
    List<PasskeyCredential> excluded = checkCredentials(existing);
    for (PasskeyCredential c : excluded) {
      if (!c.userHandle().equals(user.handle())) {
        throw Errors.inconsistent("existing credentials must all belong to the user being registered");
      }
    }
    ObjectNode options = PasskeyCredential.JSON.createObjectNode();
    options.putObject("rp").put("id", rpId).put("name", rpName);
    options.putObject("user").put("id", user.handle()).put("name", user.name()).put("displayName", user.displayName());
    options.put("challenge", StrictBase64Url.encode(challenge));
    ArrayNode params = options.putArray("pubKeyCredParams");
    for (PublicKeyCredentialParameters p : ALGORITHMS) {
      params.addObject().put("type", "public-key").put("alg", p.getAlg().getValue());
    }
    options.put("timeout", challengeTtl.toMillis());
    descriptors(options.putArray("excludeCredentials"), excluded);
    options
        .putObject("authenticatorSelection")
        .put("residentKey", "preferred")
        .put("requireResidentKey", false)
        .put("userVerification", userVerification.json);
    options.put("attestation", attestation.json);
    options.putObject("extensions").put("credProps", true);
    return begin(REGISTRATION, challenge, user.handle(), "-", options);
  }

  /**
   * Starts a usernameless sign-in: the browser offers the passkeys it holds for this relying party
   * (discoverable credentials), and the response names the user.
   *
   * @return the ceremony: options for {@code navigator.credentials.get()} and its id
   * @throws AuthStoreException if the challenge store cannot answer
   */
  public PasskeyCeremony startAuthentication() {
    return startAuthentication(null, List.of(), Secrets.randomBytes(CHALLENGE_BYTES));
  }

  /**
   * Starts a sign-in limited to one user's credentials (the user typed a name first, or is
   * stepping up). Only one of these credentials can finish it: the ceremony keeps the SHA-256 of
   * each id, and a response with any other credential, even one of the same user, is {@link
   * PasskeyFailure#CREDENTIAL_NOT_ALLOWED} (WebAuthn L3, section 7.2, step 5).
   *
   * @param credentials the user's registered credentials, at least one
   * @return the ceremony: options for {@code navigator.credentials.get()} and its id
   * @throws IllegalArgumentException if {@code credentials} is empty, larger than {@value
   *     #MAX_CREDENTIALS_PER_CEREMONY}, or of more than one user
   * @throws AuthStoreException if the challenge store cannot answer
   * @throws NullPointerException if {@code credentials} is null
   */
  public PasskeyCeremony startAuthentication(Collection<PasskeyCredential> credentials) {
    return startAuthentication(credentials, Secrets.randomBytes(CHALLENGE_BYTES));
  }

  /** Starts a sign-in with a given challenge: for tests against recorded responses only. */
  PasskeyCeremony startAuthentication(Collection<PasskeyCredential> credentials, byte[] challenge) {
    List<PasskeyCredential> allowed = checkCredentials(credentials);
    if (allowed.isEmpty()) {
      throw Errors.inconsistent("a sign-in for a known user needs at least one of the user's credentials");
    }
    String handle = allowed.get(0).userHandle();
    for (PasskeyCredential c : allowed) {
      if (!c.userHandle().equals(handle)) {
        throw Errors.inconsistent("the allowed credentials must all belong to one user");
      }
    }
    return startAuthentication(handle, allowed, challenge);
  }

  private PasskeyCeremony startAuthentication(String userHandle, List<PasskeyCredential> allowed, byte[] challenge) {
    ObjectNode options = PasskeyCredential.JSON.createObjectNode();
    options.put("challenge", StrictBase64Url.encode(challenge));
    options.put("timeout", challengeTtl.toMillis());
    options.put("rpId", rpId);
    descriptors(options.putArray("allowCredentials"), allowed);
    options.put("userVerification", userVerification.json);
    StringBuilder ids = new StringBuilder();
    for (PasskeyCredential c : allowed) {
      ids.append(ids.length() == 0 ? "" : ",").append(allowedKey(c.credentialId()));
    }
    return begin(AUTHENTICATION, challenge, userHandle, ids.length() == 0 ? "-" : ids.toString(), options);
  }

  private static List<PasskeyCredential> checkCredentials(Collection<PasskeyCredential> credentials) {
    Objects.requireNonNull(credentials, "credentials");
    if (credentials.size() > MAX_CREDENTIALS_PER_CEREMONY) {
      throw Errors.outOfRange("credentials", "at most " + MAX_CREDENTIALS_PER_CEREMONY, credentials.size());
    }
    List<PasskeyCredential> list = new ArrayList<>(credentials.size());
    for (PasskeyCredential c : credentials) {
      list.add(Objects.requireNonNull(c, "credential"));
    }
    return list;
  }

  private static void descriptors(ArrayNode array, List<PasskeyCredential> credentials) {
    for (PasskeyCredential c : credentials) {
      ObjectNode d = array.addObject().put("type", "public-key").put("id", c.credentialId());
      ArrayNode transports = d.putArray("transports");
      c.transports().forEach(transports::add);
    }
  }

  /**
   * Stores a ceremony: {@code <type>|<expiry millis>|<challenge>|<user handle or ->|<allowed>},
   * where allowed is {@code -} or the comma-separated SHA-256 (hex) of each allowed credential id.
   */
  private PasskeyCeremony begin(char type, byte[] challenge, String userHandle, String allowed, ObjectNode options) {
    String id = Secrets.randomToken();
    Instant expires = clock.instant().plus(challengeTtl);
    String value =
        type + "|" + expires.toEpochMilli() + "|" + StrictBase64Url.encode(challenge) + "|"
            + (userHandle == null ? "-" : userHandle) + "|" + allowed;
    // Kept a minute past its expiry, so that a late response is told EXPIRED rather than UNKNOWN.
    store.put(storeKey(id), value, challengeTtl.plus(EXPIRED_GRACE));
    return new PasskeyCeremony(id, options.toString(), expires);
  }

  /** How a ceremony names an allowed credential: the SHA-256 of its id, a fixed 64 characters. */
  private static String allowedKey(String credentialId) {
    return Secrets.sha256Hex(credentialId);
  }

  private static String storeKey(String ceremonyId) {
    return Secrets.sha256Hex(KEY_DOMAIN + ceremonyId);
  }

  /** A ceremony taken from the store, or the failure that ends it. */
  private static final class Taken {
    final byte[] challenge;
    final String userHandle;
    /** The hashes of the allowed credential ids; empty when the ceremony named none. */
    final Set<String> allowed;
    final PasskeyFailure failure;

    Taken(byte[] challenge, String userHandle, Set<String> allowed, PasskeyFailure failure) {
      this.challenge = challenge;
      this.userHandle = userHandle;
      this.allowed = allowed;
      this.failure = failure;
    }

    static Taken failed(PasskeyFailure failure) {
      return new Taken(null, null, Set.of(), failure);
    }
  }

  private Taken take(char type, String ceremonyId) {
    if (ceremonyId.length() != Secrets.TOKEN_CHARS || !Secrets.isTokenPart(ceremonyId, 0)) {
      return Taken.failed(PasskeyFailure.MALFORMED_CEREMONY);
    }
    Optional<String> taken;
    try {
      taken = store.take(storeKey(ceremonyId));
    } catch (AuthStoreException e) {
      return Taken.failed(PasskeyFailure.UNAVAILABLE);
    }
    if (taken.isEmpty()) {
      return Taken.failed(PasskeyFailure.UNKNOWN_CEREMONY);
    }
    String[] parts = taken.get().split("\\|", -1);
    if (parts.length != 5 || parts[0].length() != 1) {
      return Taken.failed(PasskeyFailure.UNAVAILABLE); // a record this class did not write
    }
    if (parts[0].charAt(0) != type) {
      return Taken.failed(PasskeyFailure.UNKNOWN_CEREMONY); // a registration id offered to sign-in, or back
    }
    long expires;
    try {
      expires = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return Taken.failed(PasskeyFailure.UNAVAILABLE);
    }
    if (!clock.instant().isBefore(Instant.ofEpochMilli(expires))) {
      return Taken.failed(PasskeyFailure.EXPIRED);
    }
    byte[] challenge = StrictBase64Url.decode(parts[2]);
    if (challenge == null) {
      return Taken.failed(PasskeyFailure.UNAVAILABLE);
    }
    String handle = parts[3].equals("-") ? null : parts[3];
    // Set.copyOf, not Set.of: a host may list one credential twice, and Set.of throws on duplicates.
    Set<String> allowed = parts[4].equals("-") ? Set.of() : Set.copyOf(Arrays.asList(parts[4].split(",", -1)));
    return new Taken(challenge, handle, allowed, null);
  }

  /**
   * Finishes a registration: uses the ceremony up and verifies the browser's response.
   *
   * @param ceremonyId the id of {@link #startRegistration}'s ceremony
   * @param responseJson the browser's {@code PublicKeyCredential} as JSON ({@code
   *     credential.toJSON()}, or the same shape built by hand: base64url members)
   * @param registered finds an already registered credential by id: a credential id that is
   *     already registered (to anyone) is refused, so that nobody can overwrite another user's
   *     passkey with a forged one carrying its id. Also make the id unique in your table: two
   *     concurrent registrations can both pass this check. If it throws, the registration is
   *     {@link PasskeyFailure#UNAVAILABLE} (fail closed; the ceremony is used up).
   * @return the credential to store, or why the response was refused
   * @throws NullPointerException if an argument is null
   */
  public PasskeyRegistration finishRegistration(String ceremonyId, String responseJson, CredentialLookup registered) {
    Objects.requireNonNull(ceremonyId, "ceremonyId");
    Objects.requireNonNull(responseJson, "responseJson");
    Objects.requireNonNull(registered, "registered");
    Taken ceremony = take(REGISTRATION, ceremonyId);
    if (ceremony.failure != null) {
      return PasskeyRegistration.refused(ceremony.failure);
    }
    if (responseJson.length() > MAX_RESPONSE_LENGTH) {
      return PasskeyRegistration.refused(PasskeyFailure.MALFORMED_RESPONSE);
    }
    RegistrationData data;
    try {
      data = manager.parseRegistrationResponseJSON(responseJson);
    } catch (RuntimeException e) {
      return PasskeyRegistration.refused(PasskeyFailure.MALFORMED_RESPONSE);
    }
    ServerProperty server = new ServerProperty(origins, rpId, new DefaultChallenge(ceremony.challenge));
    try {
      manager.verify(data, new RegistrationParameters(server, ALGORITHMS, uvRequired(), true));
    } catch (VerificationException e) {
      return PasskeyRegistration.refused(failureOf(e));
    } catch (RuntimeException e) {
      return PasskeyRegistration.refused(PasskeyFailure.MALFORMED_RESPONSE);
    }
    try {
      return registered(ceremony, data, registered);
    } catch (RuntimeException e) {
      return PasskeyRegistration.refused(PasskeyFailure.MALFORMED_RESPONSE); // nothing a browser sends may throw
    }
  }

  /** The checks webauthn4j's registration verifier leaves out, then the credential record. */
  private PasskeyRegistration registered(Taken ceremony, RegistrationData data, CredentialLookup registered) {
    // webauthn4j checks crossOrigin at sign-in only: a registration inside another site's frame is refused here.
    CollectedClientData clientData = data.getCollectedClientData();
    if (clientData == null || Boolean.TRUE.equals(clientData.getCrossOrigin())) {
      return PasskeyRegistration.refused(PasskeyFailure.ORIGIN_NOT_ALLOWED);
    }
    AttestationObject attestation = data.getAttestationObject();
    AuthenticatorData<?> authData = attestation == null ? null : attestation.getAuthenticatorData();
    AttestedCredentialData attested = authData == null ? null : authData.getAttestedCredentialData();
    if (attested == null || attested.getCredentialId().length < 16
        || attested.getCredentialId().length > PasskeyCredential.MAX_CREDENTIAL_ID_BYTES) {
      return PasskeyRegistration.refused(PasskeyFailure.MALFORMED_RESPONSE);
    }
    // webauthn4j lets a key without an algorithm through; such a credential could never sign in.
    if (!algorithmAllowed(attested.getCOSEKey())) {
      return PasskeyRegistration.refused(PasskeyFailure.ALGORITHM_NOT_ALLOWED);
    }
    String credentialId = StrictBase64Url.encode(attested.getCredentialId());
    Optional<PasskeyCredential> existing;
    try {
      existing = registered.find(credentialId);
    } catch (RuntimeException e) {
      return PasskeyRegistration.refused(PasskeyFailure.UNAVAILABLE); // the host's lookup failed: fail closed
    }
    if (existing == null || existing.isPresent()) {
      return PasskeyRegistration.refused(PasskeyFailure.CREDENTIAL_ALREADY_REGISTERED);
    }
    Set<String> transports = new LinkedHashSet<>();
    Set<AuthenticatorTransport> reported = data.getTransports();
    if (reported != null) {
      for (AuthenticatorTransport t : reported) {
        String name = t == null ? null : t.getValue();
        if (name != null && TRANSPORT.matcher(name).matches() && transports.size() < 16) {
          transports.add(name);
        }
      }
    }
    UUID aaguid = attested.getAaguid().getValue();
    return PasskeyRegistration.registered(
        new PasskeyCredential(
            credentialId,
            ceremony.userHandle,
            originalCoseKey(data, attested),
            authData.getSignCount(),
            transports,
            aaguid,
            authData.isFlagUV(),
            authData.isFlagBE(),
            authData.isFlagBS(),
            attestation.getFormat()));
  }

  private static boolean algorithmAllowed(COSEKey key) {
    COSEAlgorithmIdentifier alg = key == null ? null : key.getAlgorithm();
    if (alg == null) {
      return false;
    }
    if (alg.equals(COSEAlgorithmIdentifier.ES256)) {
      return key instanceof EC2COSEKey && Curve.SECP256R1.equals(((EC2COSEKey) key).getCurve());
    } else if (alg.equals(COSEAlgorithmIdentifier.EdDSA)) {
      return key instanceof EdDSACOSEKey && Curve.ED25519.equals(((EdDSACOSEKey) key).getCurve());
    }
    return alg.equals(COSEAlgorithmIdentifier.RS256) && key instanceof RSACOSEKey;
  }

  /**
   * Finishes a sign-in: uses the ceremony up and verifies the browser's assertion against the
   * stored credential it names.
   *
   * @param ceremonyId the id of a {@code startAuthentication} ceremony
   * @param responseJson the browser's {@code PublicKeyCredential} as JSON
   * @param lookup finds the stored credential by id; if it throws, the sign-in is {@link
   *     PasskeyFailure#UNAVAILABLE} (fail closed; the ceremony is used up)
   * <p>Store the updated credential back with a compare-and-set on the old counter (for example
   * {@code UPDATE ... WHERE credential_id = ? AND sign_count = ?}): two assertions checked in
   * parallel against the same stored counter can both pass here.
   *
   * @return who signed in and the updated credential to store back, or why the assertion was
   *     refused
   * @throws IllegalArgumentException if the service has a {@linkplain Builder#throttle throttle}:
   *     then the client's key must be given
   * @throws NullPointerException if an argument is null
   */
  public PasskeyAuthentication finishAuthentication(String ceremonyId, String responseJson, CredentialLookup lookup) {
    if (throttle != null) {
      throw Errors.inconsistent("this PasskeyService throttles sign-ins: pass the client's key to finishAuthentication");
    }
    return finish(ceremonyId, responseJson, lookup, null);
  }

  /**
   * Finishes a sign-in as {@link #finishAuthentication(String, String, CredentialLookup)} does,
   * throttled per user and per client when the service has a {@linkplain Builder#throttle
   * throttle}.
   *
   * @param ceremonyId the id of a {@code startAuthentication} ceremony
   * @param responseJson the browser's {@code PublicKeyCredential} as JSON
   * @param lookup finds the stored credential by id; if it throws, the sign-in is {@link
   *     PasskeyFailure#UNAVAILABLE}
   * @param client the client's throttle key (normally {@link RateLimitKey#ip}); not used when the
   *     service has no throttle
   * @return who signed in and the updated credential, or why the assertion was refused
   * @throws NullPointerException if an argument is null
   */
  public PasskeyAuthentication finishAuthentication(
      String ceremonyId, String responseJson, CredentialLookup lookup, RateLimitKey client) {
    return finish(ceremonyId, responseJson, lookup, Objects.requireNonNull(client, "client"));
  }

  private PasskeyAuthentication finish(String ceremonyId, String responseJson, CredentialLookup lookup, RateLimitKey client) {
    Objects.requireNonNull(ceremonyId, "ceremonyId");
    Objects.requireNonNull(responseJson, "responseJson");
    Objects.requireNonNull(lookup, "lookup");
    Taken ceremony = take(AUTHENTICATION, ceremonyId);
    if (ceremony.failure != null) {
      return PasskeyAuthentication.refused(ceremony.failure);
    }
    if (responseJson.length() > MAX_RESPONSE_LENGTH) {
      return PasskeyAuthentication.refused(PasskeyFailure.MALFORMED_RESPONSE);
    }
    AuthenticationData data;
    try {
      data = manager.parseAuthenticationResponseJSON(responseJson);
    } catch (RuntimeException e) {
      return PasskeyAuthentication.refused(PasskeyFailure.MALFORMED_RESPONSE);
    }
    byte[] rawId = data.getCredentialId();
    if (rawId == null || rawId.length == 0 || rawId.length > PasskeyCredential.MAX_CREDENTIAL_ID_BYTES) {
      return PasskeyAuthentication.refused(PasskeyFailure.MALFORMED_RESPONSE);
    }
    String credentialId = StrictBase64Url.encode(rawId);
    Optional<PasskeyCredential> found;
    try {
      found = lookup.find(credentialId);
    } catch (RuntimeException e) {
      return PasskeyAuthentication.refused(PasskeyFailure.UNAVAILABLE); // the host's lookup failed: fail closed
    }
    boolean known = found != null && found.isPresent() && found.get().credentialId().equals(credentialId);
    // Counted per (user, client) and per client, never per user alone: with passkeys there is
    // nothing to guess, and a per-user count would let anyone who knows a credential id lock its
    // owner out with junk signatures.
    RateLimitKey account = null;
    if (throttle != null && client != null) {
      account = RateLimitKey.of("passkey", (known ? found.get().userHandle() : "?") + "|" + client);
      ThrottleDecision decision = throttle.check(account, client);
      if (!decision.isAllowed()) {
        return PasskeyAuthentication.throttled(decision.retryAfter());
      }
    }
    PasskeyAuthentication outcome = known ? verify(ceremony, data, rawId, found.get()) : PasskeyAuthentication.refused(PasskeyFailure.UNKNOWN_CREDENTIAL);
    if (account != null) {
      if (outcome.isValid()) {
        throttle.recordSuccess(account, client);
      } else {
        throttle.recordFailure(account, client);
      }
    }
    return outcome;
  }

  private PasskeyAuthentication verify(Taken ceremony, AuthenticationData data, byte[] rawId, PasskeyCredential stored) {
    // The authenticator's user handle, when given, must be the credential's; a usernameless
    // sign-in must carry one (discoverable credentials always do).
    byte[] responseHandle = data.getUserHandle();
    if (responseHandle != null && responseHandle.length > 0) {
      if (!StrictBase64Url.encode(responseHandle).equals(stored.userHandle())) {
        return PasskeyAuthentication.refused(PasskeyFailure.USER_HANDLE_MISMATCH);
      }
    } else if (ceremony.userHandle == null) {
      return PasskeyAuthentication.refused(PasskeyFailure.USER_HANDLE_MISMATCH);
    }
    if (ceremony.userHandle != null && !ceremony.userHandle.equals(stored.userHandle())) {
      return PasskeyAuthentication.refused(PasskeyFailure.CREDENTIAL_NOT_ALLOWED);
    }
    // WebAuthn L3 section 7.2 step 5: a ceremony that named credentials accepts only those (a
    // same-user credential left out of allowCredentials, for example one being removed, is refused).
    if (!ceremony.allowed.isEmpty() && !ceremony.allowed.contains(allowedKey(stored.credentialId()))) {
      return PasskeyAuthentication.refused(PasskeyFailure.CREDENTIAL_NOT_ALLOWED);
    }
    CredentialRecord record;
    try {
      record = record(stored);
    } catch (RuntimeException e) {
      return PasskeyAuthentication.refused(PasskeyFailure.REJECTED); // a stored key webauthn4j cannot read
    }
    ServerProperty server = new ServerProperty(origins, rpId, new DefaultChallenge(ceremony.challenge));
    // The ceremony keeps the allowed ids' hashes only; the response's id has just been found among
    // them, so it is the allowed id webauthn4j checks again.
    List<byte[]> allow = ceremony.allowed.isEmpty() ? null : List.of(rawId);
    try {
      manager.verify(data, new AuthenticationParameters(server, record, allow, uvRequired(), true));
    } catch (VerificationException e) {
      return PasskeyAuthentication.refused(failureOf(e));
    } catch (RuntimeException e) {
      return PasskeyAuthentication.refused(PasskeyFailure.MALFORMED_RESPONSE);
    }
    AuthenticatorData<?> authData = data.getAuthenticatorData();
    if (authData == null) {
      return PasskeyAuthentication.refused(PasskeyFailure.MALFORMED_RESPONSE);
    }
    long newCount = authData.getSignCount();
    boolean regressed = (newCount != 0 || stored.signCount() != 0) && newCount <= stored.signCount();
    if (regressed && !allowSignCountRegression) {
      return PasskeyAuthentication.refused(PasskeyFailure.POSSIBLE_CLONE);
    }
    long keptCount = Math.max(newCount, stored.signCount());
    return PasskeyAuthentication.verified(
        stored.afterAssertion(keptCount, authData.isFlagUV(), authData.isFlagBS()), authData.isFlagUV(), regressed);
  }

  /**
   * Returns the credential public key exactly as the authenticator encoded it (webauthn4j would
   * re-encode it with another member order): the CBOR item after the credential id in authData.
   */
  private byte[] originalCoseKey(RegistrationData data, AttestedCredentialData attested) {
    try {
      JsonNode object = CBOR.readTree(data.getAttestationObjectBytes());
      byte[] authData = object.path("authData").binaryValue();
      int start = 32 + 1 + 4 + 16 + 2 + attested.getCredentialId().length;
      byte[] rest = Arrays.copyOfRange(authData, Math.min(start, authData.length), authData.length);
      try (JsonParser parser = CBOR.getFactory().createParser(rest)) {
        parser.nextToken();
        parser.skipChildren(); // at the key's END_OBJECT: every byte of the key has been read
        long length = parser.currentLocation().getByteOffset();
        if (length > 0 && length <= rest.length) {
          return Arrays.copyOf(rest, (int) length);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through to webauthn4j's own encoding, which verifies the same
    }
    return converter.getCborConverter().writeValueAsBytes(attested.getCOSEKey());
  }

  private CredentialRecord record(PasskeyCredential c) {
    COSEKey key = converter.getCborConverter().readValue(c.publicKeyCose(), COSEKey.class);
    if (key == null) {
      throw new IllegalStateException("no COSE key");
    }
    Set<AuthenticatorTransport> transports = new LinkedHashSet<>();
    c.transports().forEach(t -> transports.add(AuthenticatorTransport.create(t)));
    return new CredentialRecordImpl(
        new NoneAttestationStatement(),
        c.uvInitialized(),
        c.backupEligible(),
        c.backedUp(),
        c.signCount(),
        new AttestedCredentialData(new AAGUID(c.aaguid()), StrictBase64Url.decode(c.credentialId()), key),
        new AuthenticationExtensionsAuthenticatorOutputs<>(),
        null,
        new AuthenticationExtensionsClientOutputs<>(),
        transports);
  }

  /** A lower-case ASCII host name: dot-separated labels of 1 to 63 letters, digits and inner hyphens. */
  static boolean isHostName(String name) {
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    int labelStart = 0;
    for (int i = 0; i <= name.length(); i++) {
      char c = i < name.length() ? name.charAt(i) : '.';
      if (c == '.') {
        int length = i - labelStart;
        if (length < 1 || length > 63 || name.charAt(labelStart) == '-' || name.charAt(i - 1) == '-') {
          return false;
        }
        labelStart = i + 1;
      } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private boolean uvRequired() {
    return userVerification == UserVerification.REQUIRED;
  }

  private static PasskeyFailure failureOf(VerificationException e) {
    if (e instanceof BadChallengeException || e instanceof MissingChallengeException) {
      return PasskeyFailure.CHALLENGE_MISMATCH;
    } else if (e instanceof BadOriginException || e instanceof CrossOriginException) {
      return PasskeyFailure.ORIGIN_NOT_ALLOWED;
    } else if (e instanceof BadRpIdException) {
      return PasskeyFailure.RP_ID_MISMATCH;
    } else if (e instanceof UserNotPresentException) {
      return PasskeyFailure.USER_NOT_PRESENT;
    } else if (e instanceof UserNotVerifiedException) {
      return PasskeyFailure.USER_NOT_VERIFIED;
    } else if (e instanceof BadSignatureException) {
      return PasskeyFailure.BAD_SIGNATURE;
    } else if (e instanceof NotAllowedAlgorithmException || e instanceof BadAlgorithmException) {
      return PasskeyFailure.ALGORITHM_NOT_ALLOWED;
    } else if (e instanceof BadAttestationStatementException || e instanceof CertificateException
        || e instanceof BadAaguidException) {
      return PasskeyFailure.BAD_ATTESTATION;
    } else if (e instanceof NotAllowedCredentialIdException) {
      return PasskeyFailure.CREDENTIAL_NOT_ALLOWED;
    } else if (e instanceof InconsistentClientDataTypeException) {
      return PasskeyFailure.MALFORMED_RESPONSE;
    }
    return PasskeyFailure.REJECTED;
  }

  /** Returns the relying party and origins; no challenge. */
  @Override
  public String toString() {
    return "PasskeyService[rpId=" + rpId + ", origins=" + origins.size() + ", userVerification=" + userVerification + "]";
  }

  /**
   * Builds a {@link PasskeyService}. Not thread-safe; the service it builds is.
   */
  public static final class Builder {
    private final String rpId;
    private final String rpName;
    private final OneTimeTokenStore store;
    private final Set<String> originTexts = new LinkedHashSet<>();
    private final Set<Origin> origins = new LinkedHashSet<>();
    private boolean allowHttpLocalhost;
    private UserVerification userVerification = UserVerification.PREFERRED;
    private Attestation attestation = Attestation.NONE;
    private Duration challengeTtl = DEFAULT_CHALLENGE_TTL;
    private boolean allowSignCountRegression;
    private AuthThrottle throttle;
    private Clock clock = Clock.systemUTC();

    private Builder(String rpId, String rpName, OneTimeTokenStore store) {
      Objects.requireNonNull(rpId, "rpId");
      Objects.requireNonNull(rpName, "rpName");
      this.store = Objects.requireNonNull(store, "store");
      if (!isHostName(rpId) || !IDN.toASCII(rpId).equals(rpId)) {
        throw Errors.inconsistent("rpId must be a lower-case host name (punycode for international names)");
      }
      if (rpName.isEmpty() || rpName.length() > 256) {
        throw Errors.outOfRange("rpName", "1 to 256 characters", rpName.length());
      }
      this.rpId = rpId;
      this.rpName = rpName;
    }

    /**
     * Allows {@code http://localhost} origins (any port), for development only. Without it every
     * web origin must be {@code https}.
     *
     * @return this builder
     */
    public Builder allowHttpLocalhostForDevelopment() {
      this.allowHttpLocalhost = true;
      return this;
    }

    /**
     * Adds an origin a ceremony may come from: {@code https://host[:port]} on the RP id or a
     * subdomain of it, {@code http://localhost[:port]} when {@linkplain
     * #allowHttpLocalhostForDevelopment allowed}, or an Android app origin {@code
     * android:apk-key-hash:<base64url SHA-256 of the signing certificate>}. Call it before {@link
     * #build()} for each origin; the check against the RP id happens there.
     *
     * @param origin the origin, exactly as the browser serializes it (no path, no trailing slash)
     * @return this builder
     * @throws NullPointerException if {@code origin} is null
     */
    public Builder origin(String origin) {
      originTexts.add(Objects.requireNonNull(origin, "origin"));
      return this;
    }

    /**
     * Sets how much user verification ceremonies ask for; {@link UserVerification#PREFERRED} by
     * default.
     *
     * @param userVerification the requirement
     * @return this builder
     */
    public Builder userVerification(UserVerification userVerification) {
      this.userVerification = Objects.requireNonNull(userVerification, "userVerification");
      return this;
    }

    /**
     * Sets which attestation registration asks for; {@link Attestation#NONE} by default.
     *
     * @param attestation the conveyance preference
     * @return this builder
     */
    public Builder attestation(Attestation attestation) {
      this.attestation = Objects.requireNonNull(attestation, "attestation");
      return this;
    }

    /**
     * Sets how long a ceremony's challenge is accepted: 30 seconds to 10 minutes, {@link
     * #DEFAULT_CHALLENGE_TTL} by default.
     *
     * @param ttl the lifetime
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder challengeTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
        throw Errors.durationRange("challengeTtl", MIN_TTL, MAX_TTL, ttl);
      }
      this.challengeTtl = ttl;
      return this;
    }

    /**
     * Accepts an assertion whose counter did not grow, reporting it through {@link
     * PasskeyAuthentication#signCountRegressed()} instead of refusing it with {@link
     * PasskeyFailure#POSSIBLE_CLONE}. Off by default.
     *
     * @return this builder
     */
    public Builder allowSignCountRegression() {
      this.allowSignCountRegression = true;
      return this;
    }

    /**
     * Throttles sign-ins with graduated back-off per user and client together (the credential's
     * user handle with the client's key, so nobody can lock another user out) and per client: a
     * throttled attempt is refused with {@link PasskeyFailure#THROTTLED} before its
     * signature is checked, failures are recorded, and a success clears the user's count. With a
     * throttle, every {@link #finishAuthentication} call must give the client's key. None by
     * default.
     *
     * @param throttle the throttle (for example {@code AuthThrottle.builder("passkey", backend).build()})
     * @return this builder
     */
    public Builder throttle(AuthThrottle throttle) {
      this.throttle = Objects.requireNonNull(throttle, "throttle");
      return this;
    }

    /**
     * Sets the clock ceremonies expire by; the system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the service.
     *
     * @return the service
     * @throws IllegalArgumentException if no origin was added, or an origin is not allowed
     */
    public PasskeyService build() {
      if (originTexts.isEmpty()) {
        throw Errors.inconsistent("a passkey service needs at least one origin");
      }
      origins.clear();
      for (String text : originTexts) {
        origins.add(checkOrigin(text));
      }
      return new PasskeyService(this);
    }

    private Origin checkOrigin(String text) {
      if (ANDROID_ORIGIN.matcher(text).matches()) {
        return new Origin(text);
      }
      String lower = text.toLowerCase(Locale.ROOT);
      boolean https = lower.startsWith("https://");
      boolean http = lower.startsWith("http://");
      if (!text.equals(lower) || !(https || http)) {
        throw Errors.inconsistent("an origin must be lower-case https://host[:port] or an android:apk-key-hash: origin");
      }
      String hostPort = text.substring(https ? 8 : 7);
      int colon = hostPort.lastIndexOf(':');
      String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      if (colon >= 0) {
        String port = hostPort.substring(colon + 1);
        if (!port.matches("[1-9][0-9]{0,4}") || Integer.parseInt(port) > 65535) {
          throw Errors.inconsistent("an origin's port must be 1 to 65535");
        }
      }
      if (!isHostName(host)) {
        throw Errors.inconsistent("an origin must be scheme://host[:port], with no path, user or trailing slash");
      }
      if (http) {
        if (!host.equals("localhost") || !allowHttpLocalhost) {
          throw Errors.inconsistent("plain http origins are only allowed for localhost, and only with allowHttpLocalhostForDevelopment()");
        }
      } else if (!host.equals(rpId) && !host.endsWith("." + rpId)) {
        throw Errors.inconsistent("an https origin's host must be the RP id or a subdomain of it");
      }
      if (http && !rpId.equals("localhost")) {
        throw Errors.inconsistent("an http://localhost origin needs the RP id localhost");
      }
      return new Origin(text);
    }
  }
}
