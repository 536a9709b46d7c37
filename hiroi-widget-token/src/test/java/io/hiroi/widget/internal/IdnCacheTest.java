package io.hiroi.widget.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.widget.OriginCheck.Denial;
import org.junit.jupiter.api.Test;

class IdnCacheTest {
  @Test
  void floodOfDistinctHosts_neverHoldsMoreThanTheSlots() {
    IdnCache cache = new IdnCache();
    for (int i = 0; i < 10_000; i++) {
      cache.put("host-" + i + ".bücher.de", "xn--host-" + i);
    }
    int held = 0;
    for (int i = 0; i < 10_000; i++) {
      if (cache.get("host-" + i + ".bücher.de") != null) {
        held++;
      }
    }
    assertThat(held).isBetween(1, IdnCache.SLOTS);
  }

  @Test
  void longHosts_areNotKept() {
    IdnCache cache = new IdnCache();
    String longHost = "ü".repeat(IdnCache.MAX_KEY_LENGTH + 1);
    cache.put(longHost, "xn--long");
    assertThat(cache.get(longHost)).isNull();
    String shortHost = "ü".repeat(IdnCache.MAX_KEY_LENGTH);
    cache.put(shortHost, "xn--short");
    assertThat(cache.get(shortHost)).isEqualTo("xn--short");
    assertThat(cache.get("ü")).isNull();
  }

  @Test
  void parse_withTheCache_givesWhatItGivesWithout_onRepeatsAndCollisions() {
    IdnCache cache = new IdnCache();
    String[] values = {
      "https://bücher.de", "https://BÜCHER.de", "https://münchen.de:8443", "https://straße.de", "https://x.bücher.de",
      "https://bücher.de", "https://ü.example", "https://\u00fc\u00fc.example", "https://bücher.de.", "https://bücher..de",
    };
    for (int round = 0; round < 3; round++) {
      for (String v : values) {
        Object plain = OriginParser.parse(v);
        Object cached = OriginParser.parse(v, cache);
        if (plain instanceof Denial) {
          assertThat(cached).as(v).isEqualTo(plain);
        } else {
          assertThat(cached.toString()).as(v).isEqualTo(plain.toString());
        }
      }
    }
    assertThat(cache.get("bücher.de")).isEqualTo("xn--bcher-kva.de");
  }
}
