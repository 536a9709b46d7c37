package io.hiroi.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.crypto.ApiKey;
import io.hiroi.crypto.ApiKeyCheck;
import io.hiroi.crypto.ApiKeys;
import io.hiroi.crypto.KeyRing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WidgetApiKeysTest {
  private final KeyRing ring = KeyRing.builder().addKey(1, WidgetSessionTokensTest.MASTER_1).primary(1).build();
  private final WidgetApiKeys keys = WidgetApiKeys.create(ring, "hw_live");

  /** What a host's table does: stored hash to widget id. */
  private final Map<String, String> table = new HashMap<>();

  private Optional<String> lookup(String widgetId, String presented) {
    ApiKeyCheck check = keys.parse(presented);
    if (!check.isValid()) {
      return Optional.empty();
    }
    for (String h : keys.lookupHashes(widgetId, check.key())) {
      if (table.containsKey(h)) {
        return Optional.of(table.get(h));
      }
    }
    return Optional.empty();
  }

  @Test
  void keyOfWidgetA_isRejectedForWidgetB_likeAnUnknownKey() {
    ApiKey a = keys.generate();
    table.put(keys.hash("widget-a", a), "widget-a");
    ApiKey neverStored = keys.generate();
    assertThat(lookup("widget-a", a.reveal())).contains("widget-a");
    assertThat(lookup("widget-b", a.reveal())).isEmpty();
    assertThat(lookup("widget-a", neverStored.reveal())).isEmpty();
    String storedA = keys.hash("widget-a", a);
    assertThat(keys.verify("widget-a", a, storedA)).isTrue();
    assertThat(keys.verify("widget-b", a, storedA)).isFalse();
    assertThat(keys.verify("widget-a", neverStored, storedA)).isFalse();
    assertThat(keys.verify("bad id!", a, storedA)).isFalse();
  }

  @Test
  void storedHash_isTheDocumentedBinding() throws Exception {
    ApiKey key = keys.generate();
    String inner = ApiKeys.create(ring, "hw_live").hash(key);
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(("hiroi-widget-apikey-v1\nwidget-a\n" + inner).getBytes(StandardCharsets.US_ASCII));
    assertThat(keys.hash("widget-a", key)).isEqualTo("1:" + HexFormat.of().formatHex(digest));
    assertThat(keys.hash("widget-a", key)).doesNotContain(key.reveal()).isNotEqualTo(inner);
  }

  @Test
  void rotation_oldRowsAreFound_removedKeyIdsAreNot() {
    ApiKey key = keys.generate();
    String stored = keys.hash("w42", key);
    KeyRing rotated = ring.toBuilder().addKey(2, WidgetSessionTokensTest.MASTER_2).primary(2).build();
    WidgetApiKeys after = WidgetApiKeys.create(rotated, "hw_live");
    List<String> hashes = after.lookupHashes("w42", key);
    assertThat(hashes).hasSize(2).contains(stored);
    assertThat(hashes.get(0)).startsWith("2:");
    assertThat(after.verify("w42", key, stored)).isTrue();
    WidgetApiKeys removed = WidgetApiKeys.create(KeyRing.builder().addKey(2, WidgetSessionTokensTest.MASTER_2).primary(2).build(), "hw_live");
    assertThat(removed.verify("w42", key, stored)).isFalse();
  }

  @Test
  void parse_checksFormatAndPrefix() {
    ApiKey key = keys.generate();
    assertThat(keys.parse(key.reveal()).isValid()).isTrue();
    assertThat(keys.parse("hw_live_short").failure()).contains(ApiKeyCheck.Failure.MALFORMED);
    ApiKey other = ApiKeys.create(ring, "hk_test").generate();
    assertThat(keys.parse(other.reveal()).failure()).contains(ApiKeyCheck.Failure.WRONG_PREFIX);
  }

  @Test
  void newWidgetId_isPublicShapeAndRandom() {
    String a = WidgetApiKeys.newWidgetId();
    assertThat(a).matches("wgt_[A-Za-z0-9_-]{22}");
    assertThat(WidgetApiKeys.newWidgetId()).isNotEqualTo(a);
    // usable everywhere a widget id goes
    assertThat(WidgetSessionTokens.builder(ring).build().keyId(a)).isEqualTo(a + ".1");
  }

  @Test
  void misuse() {
    ApiKey key = keys.generate();
    assertThatThrownBy(() -> keys.verify("w42", key, "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stored widget API key hash must be <kid>:<64 lower-case hex digits>");
    assertThatThrownBy(() -> keys.hash("w.42", key)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WidgetApiKeys.create(ring, "Bad")).isInstanceOf(IllegalArgumentException.class);
    assertThat(keys.verify("w42", key, "99:" + "0".repeat(64))).isFalse();
    assertThat(keys.toString()).isEqualTo("WidgetApiKeys[ApiKeys[prefix=hw_live]]");
  }
}
