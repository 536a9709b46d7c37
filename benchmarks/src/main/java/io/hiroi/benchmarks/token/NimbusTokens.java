package io.hiroi.benchmarks.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import java.text.ParseException;
import java.util.Date;
import java.util.Set;

/**
 * nimbus-jose-jwt as a careful user writes it, on its lean path: a {@link MACSigner} and a {@link
 * MACVerifier} built once; verification is {@link SignedJWT#parse}, an {@code alg} and {@code kid}
 * check, the HMAC, then a {@link DefaultJWTClaimsVerifier} (audience, required {@code exp},
 * {@code iat}, {@code sub}, {@code jti}, leeway). It skips {@code DefaultJWTProcessor} and its
 * key-selector machinery, which would only make nimbus slower.
 */
final class NimbusTokens implements TokenCodec {
  private final JWSHeader header;
  private final JWTClaimsSet claims;
  private final MACSigner signer;
  private final MACVerifier verifier;
  private final DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;

  NimbusTokens(WidgetSession session) {
    byte[] key = WidgetSession.key();
    this.header =
        new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(WidgetSession.KID).build();
    // nimbus orders header and claim members its own way (kid,typ,alg); the claims are the same.
    this.claims =
        new JWTClaimsSet.Builder()
            .subject(WidgetSession.SUBJECT)
            .audience(WidgetSession.AUDIENCE)
            .issueTime(Date.from(session.issuedAt))
            .expirationTime(Date.from(session.expiresAt))
            .jwtID(WidgetSession.JWT_ID)
            .claim(WidgetSession.ORIGIN_CLAIM, WidgetSession.ORIGIN)
            .build();
    try {
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot build the nimbus MAC signer", e);
    }
    this.claimsVerifier =
        new DefaultJWTClaimsVerifier<>(WidgetSession.AUDIENCE, null, Set.of("sub", "iat", "exp", "jti"));
    this.claimsVerifier.setMaxClockSkew((int) WidgetSession.LEEWAY.toSeconds());
  }

  @Override
  public String sign() {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("nimbus signing failed", e);
    }
    return jwt.serialize();
  }

  @Override
  public boolean verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWSHeader h = jwt.getHeader();
      if (!JWSAlgorithm.HS256.equals(h.getAlgorithm()) || !WidgetSession.KID.equals(h.getKeyID())) {
        return false;
      }
      if (!jwt.verify(verifier)) {
        return false;
      }
      claimsVerifier.verify(jwt.getJWTClaimsSet(), null);
      return true;
    } catch (ParseException | JOSEException | BadJWTException e) {
      return false;
    }
  }
}
