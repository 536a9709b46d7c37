package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QrCodeTest {
  private static final String URI = "otpauth://totp/Parley:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Parley"
      + "&algorithm=SHA1&digits=6&period=30";

  @Test
  void svg_decodesBack_toTheText_withZxingsReader() throws Exception {
    String svg = QrCode.svg(URI, 240, "totp-qr");
    assertThat(QrImages.decode(QrImages.paint(svg, 4))).isEqualTo(URI);
  }

  @Test
  void svgsOfManyEnrolmentUris_allDecodeBack_atTheModuleSizeTheyAreDrawnAt() throws Exception {
    java.util.Random random = new java.util.Random(20261201);
    String base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    for (int i = 0; i < 300; i++) {
      StringBuilder secret = new StringBuilder();
      for (int c = 0; c < 32; c++) {
        secret.append(base32.charAt(random.nextInt(32)));
      }
      String uri = "otpauth://totp/Parley:user" + random.nextInt(100_000) + "%40example.com?secret=" + secret
          + "&issuer=Parley&algorithm=SHA1&digits=6&period=30";
      String svg = QrCode.svg(uri, 240, "totp-qr");
      int scale = QrCode.pixelsPerModule(QrCode.matrix(uri).getWidth(), 240);
      assertThat(QrImages.decode(QrImages.paint(svg, scale))).as("code %d", i).isEqualTo(uri);
    }
  }

  @Test
  void svg_isOneCspSafeElement_withoutTheTextInIt() {
    String svg = QrCode.svg(URI, 240, "totp-qr");
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"totp-qr\"").endsWith("</svg>")
        .doesNotContain("style").doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContain("JBSWY3DP");
  }

  @Test
  void svg_drawsEveryModule_aWholeNumberOfPixelsWide_atLeastTheWidthAskedFor() {
    int modules = QrCode.matrix(URI).getWidth();
    String svg = QrCode.svg(URI, 240, "totp-qr");
    assertThat(svg).contains("viewBox=\"0 0 " + modules + " " + modules + "\"");
    var size = java.util.regex.Pattern.compile(" width=\"(\\d+)\" height=\"(\\d+)\"").matcher(svg);
    assertThat(size.find()).isTrue();
    int width = Integer.parseInt(size.group(1));
    assertThat(size.group(2)).isEqualTo(size.group(1));
    assertThat(width).isGreaterThanOrEqualTo(240).isLessThan(240 + modules);
    assertThat(width % modules).as("%d pixels for %d modules", width, modules).isZero();
  }

  @Test
  void pixelsPerModule_isTheSmallestWholeNumberReachingTheWidth() {
    assertThat(QrCode.pixelsPerModule(57, 240)).isEqualTo(5);
    assertThat(QrCode.pixelsPerModule(48, 240)).isEqualTo(5);
    assertThat(QrCode.pixelsPerModule(49, 240)).isEqualTo(5);
    assertThat(QrCode.pixelsPerModule(61, 240)).isEqualTo(4);
    assertThat(QrCode.pixelsPerModule(300, 240)).isEqualTo(1);
  }

  @Test
  void matrix_hasTheQuietZone_aroundTheCode() {
    var m = QrCode.matrix(URI);
    for (int i = 0; i < m.getWidth(); i++) {
      for (int q = 0; q < QrCode.QUIET_ZONE; q++) {
        assertThat(m.get(i, q)).as("top row %d, column %d", q, i).isFalse();
        assertThat(m.get(q, i)).as("left column %d, row %d", q, i).isFalse();
      }
    }
    assertThat(m.get(QrCode.QUIET_ZONE, QrCode.QUIET_ZONE)).as("the finder pattern's corner").isTrue();
  }

  @Test
  void textTooLongForAQrCode_isRefusedWithItsLength() {
    assertThatThrownBy(() -> QrCode.matrix("x".repeat(5000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the text does not fit in a QR code (5000 characters)");
  }

  @Test
  void secret_isGroupedInFours() {
    assertThat(SecurityPages.group("JBSWY3DPEHPK3PXP")).isEqualTo("JBSW Y3DP EHPK 3PXP");
    assertThat(SecurityPages.group("ABCDEF")).isEqualTo("ABCD EF");
  }
}
