package io.hiroi.examples;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code as inline SVG, encoded by ZXing: one {@code <path>} of dark modules on a white
 * square, with the standard quiet zone of four modules. SVG presentation attributes are not
 * inline styles, so the page's strict CSP allows it; nothing is fetched. Stateless and thread-safe.
 */
final class QrCode {
  static final int QUIET_ZONE = 4;

  private QrCode() {}

  /** The bit matrix of {@code text} (error correction level M), quiet zone included: one bit per module. */
  static BitMatrix matrix(String text) {
    try {
      return new QRCodeWriter().encode(text, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, QUIET_ZONE));
    } catch (WriterException e) {
      throw new IllegalArgumentException("the text does not fit in a QR code (" + text.length() + " characters)", e);
    }
  }

  /** The smallest whole number of pixels a module that draws {@code modules} modules at least {@code minPixels} wide. */
  static int pixelsPerModule(int modules, int minPixels) {
    return Math.max(1, (minPixels + modules - 1) / modules);
  }

  /**
   * An {@code <svg>} element drawing {@code text}'s QR code at least {@code minPixels} wide, at a
   * whole number of CSS pixels a module; the text itself is not in it. A fractional module (240
   * pixels for 57 modules is 4.2) is drawn 4 pixels wide in some columns and 5 in others, which
   * made about one screenshot in 40 unreadable to ZXing's reader.
   */
  static String svg(String text, int minPixels, String id) {
    BitMatrix m = matrix(text);
    int w = m.getWidth();
    int h = m.getHeight();
    int pixels = w * pixelsPerModule(w, minPixels);
    StringBuilder d = new StringBuilder(w * h);
    for (int y = 0; y < h; y++) {
      int x = 0;
      while (x < w) {
        if (!m.get(x, y)) {
          x++;
          continue;
        }
        int start = x;
        while (x < w && m.get(x, y)) {
          x++;
        }
        d.append('M').append(start).append(' ').append(y).append('h').append(x - start).append("v1h-").append(x - start).append('z');
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + Html.esc(id) + "\" viewBox=\"0 0 " + w + " " + h + "\" width=\"" + pixels
        + "\" height=\"" + pixels + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code for your authenticator app\">"
        + "<rect width=\"" + w + "\" height=\"" + h + "\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"" + d + "\"/></svg>";
  }
}
