package io.hiroi.benchmarks.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The floor: a raw HMAC-SHA256 of the same bytes nimbus signs (its {@code header.payload} signing
 * input, serialized once at construction), with an initialized {@link Mac} kept per thread. Signing
 * is HMAC + base64url of the tag + concatenation; verifying is HMAC over everything before the last
 * dot, base64url decoding of the tag and a constant-time compare. No JSON is written or read and
 * no claim is checked: any real verifier does at least this much.
 */
final class RawHmacTokens implements TokenCodec {
  private static final String HMAC = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final String signingInput;
  private final byte[] signingInputBytes;
  private final ThreadLocal<Mac> macs;

  RawHmacTokens(WidgetSession session) {
    String token = new NimbusTokens(session).sign();
    this.signingInput = token.substring(0, token.lastIndexOf('.'));
    this.signingInputBytes = signingInput.getBytes(StandardCharsets.US_ASCII);
    SecretKeySpec key = new SecretKeySpec(WidgetSession.key(), HMAC);
    this.macs = ThreadLocal.withInitial(() -> newMac(key));
  }

  @Override
  public String sign() {
    byte[] tag = macs.get().doFinal(signingInputBytes);
    return signingInput + '.' + ENCODER.encodeToString(tag);
  }

  @Override
  public boolean verify(String token) {
    int dot = token.lastIndexOf('.');
    if (dot < 0) {
      return false;
    }
    byte[] t = token.getBytes(StandardCharsets.US_ASCII);
    Mac mac = macs.get();
    mac.update(t, 0, dot);
    byte[] expected = mac.doFinal();
    byte[] actual;
    try {
      actual = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, actual);
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }
}
