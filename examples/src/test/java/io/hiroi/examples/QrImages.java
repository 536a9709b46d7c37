package io.hiroi.examples;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads QR codes back for the tests: from a picture (a browser screenshot) or from the app's SVG path. */
final class QrImages {
  private QrImages() {}

  /**
   * Decodes a picture of the QR code alone, its quiet zone included (an element screenshot, or
   * {@link #paint}), with ZXing's reader in its pure-barcode mode: the modules are read off the
   * grid the picture's corners give, and the format information and Reed-Solomon checks still
   * apply. Its finder-pattern detector, for codes anywhere in a photo, missed 3 of 200 perfect
   * screenshots of the app's codes (pixel for pixel the SVG's modules): a known limit of that
   * detector (zxing/zxing#416, #914), which also made this test fail now and then.
   */
  static String decode(BufferedImage image) throws ReaderException {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels)));
    return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
  }

  /** Paints the app's {@code <svg>} (its viewBox and the {@code M x y h n v1 h-n z} runs of its path) at {@code scale} pixels a module. */
  static BufferedImage paint(String svg, int scale) throws NotFoundException {
    Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
    Matcher path = Pattern.compile("<path fill=\"#000000\" d=\"([^\"]*)\"").matcher(svg);
    if (!box.find() || !path.find()) {
      throw NotFoundException.getNotFoundInstance();
    }
    int w = Integer.parseInt(box.group(1));
    int h = Integer.parseInt(box.group(2));
    BufferedImage image = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, w * scale, h * scale);
    g.setColor(java.awt.Color.BLACK);
    Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(path.group(1));
    while (run.find()) {
      g.fillRect(Integer.parseInt(run.group(1)) * scale, Integer.parseInt(run.group(2)) * scale, Integer.parseInt(run.group(3)) * scale, scale);
    }
    g.dispose();
    return image;
  }
}
