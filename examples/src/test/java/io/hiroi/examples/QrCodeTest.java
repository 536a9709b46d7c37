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
  void svg_isOneCspSafeElement_withoutTheTextInIt() {
    String svg = QrCode.svg(URI, 240, "totp-qr");
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"totp-qr\"").endsWith("</svg>")
        .contains("width=\"240\"").doesNotContain("style").doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContain("JBSWY3DP");
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
