package io.hiroi.widget.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small, fixed-size memo of {@link java.net.IDN#toASCII(String, int)} results for {@link
 * OriginParser}, which otherwise spends microseconds on every Unicode host name. It holds at most
 * {@value #SLOTS} conversions of hosts of at most {@value #MAX_KEY_LENGTH} characters, so no input
 * can grow it (a flood of distinct names only overwrites slots; each slot's entry is replaced
 * whole). Only successful conversions are kept; the function is pure, so a hit answers exactly
 * what the conversion would.
 *
 * <p>Thread-safe; one per {@code OriginSafelist}.
 */
public final class IdnCache {
  static final int SLOTS = 16;
  static final int MAX_KEY_LENGTH = 128;

  private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);

  /** Creates an empty cache. */
  public IdnCache() {}

  /** The cached A-label form of {@code unicodeHost}, or null. */
  String get(String unicodeHost) {
    Entry e = slots.get(slot(unicodeHost));
    return e != null && e.unicode.equals(unicodeHost) ? e.ascii : null;
  }

  /** Remembers a conversion, if the host is short enough. */
  void put(String unicodeHost, String ascii) {
    if (unicodeHost.length() <= MAX_KEY_LENGTH) {
      slots.set(slot(unicodeHost), new Entry(unicodeHost, ascii));
    }
  }

  private static int slot(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }

  private static final class Entry {
    final String unicode;
    final String ascii;

    Entry(String unicode, String ascii) {
      this.unicode = unicode;
      this.ascii = ascii;
    }
  }
}
