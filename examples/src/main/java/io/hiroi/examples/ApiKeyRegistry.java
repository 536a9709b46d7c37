package io.hiroi.examples;

import io.hiroi.crypto.ApiKey;
import io.hiroi.crypto.ApiKeyCheck;
import io.hiroi.widget.WidgetApiKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Widget API keys per user, in memory and written through to {@link Records}: only each key's HMAC (bound to the widget id) and a short
 * display prefix are kept; the key itself is shown once when created. Thread-safe.
 */
final class ApiKeyRegistry {
  /** A stored key: its hash and what the list shows. Holds no key. */
  static final class KeyRecord {
    final String id;
    final String userId;
    final String widgetId;
    final String displayPrefix;
    final String hash;
    final Instant createdAt;

    KeyRecord(String id, String userId, String widgetId, String displayPrefix, String hash, Instant createdAt) {
      this.id = id;
      this.userId = userId;
      this.widgetId = widgetId;
      this.displayPrefix = displayPrefix;
      this.hash = hash;
      this.createdAt = createdAt;
    }

    @Override
    public String toString() {
      return "KeyRecord{" + id + ", " + displayPrefix + "...}";
    }
  }

  /** Number of characters of the random part shown in the list, after the prefix. */
  static final int SHOWN_CHARS = 4;

  private final Map<String, List<KeyRecord>> byUser = new ConcurrentHashMap<>();
  private final Records records;
  private int counter;

  ApiKeyRegistry() {
    this(Records.none());
  }

  /** Loads the keys {@code records} holds; each change is written there first. */
  ApiKeyRegistry(Records records) {
    this.records = Objects.requireNonNull(records, "records");
    for (String json : records.all("apikey")) {
      com.fasterxml.jackson.databind.JsonNode n = Json.read(json);
      KeyRecord r = new KeyRecord(n.get("id").asText(), n.get("userId").asText(), n.get("widgetId").asText(), n.get("displayPrefix").asText(),
          n.get("hash").asText(), Instant.parse(n.get("createdAt").asText()));
      byUser.computeIfAbsent(r.userId, u -> new CopyOnWriteArrayList<>()).add(r);
      counter = Math.max(counter, Integer.parseInt(r.id.substring(1)));
    }
  }

  /** Creates a key for the user's widget and returns it: the caller shows it once. */
  ApiKey create(WidgetApiKeys keys, Accounts.User user, Instant now) {
    ApiKey key = keys.generate();
    String shown = key.reveal().substring(0, key.prefix().length() + 1 + SHOWN_CHARS);
    String id;
    synchronized (this) {
      id = "k" + (++counter);
    }
    KeyRecord r = new KeyRecord(id, user.id, user.widgetId, shown, keys.hash(user.widgetId, key), now);
    records.put("apikey", id, Json.MAPPER.createObjectNode().put("id", id).put("userId", r.userId).put("widgetId", r.widgetId)
        .put("displayPrefix", r.displayPrefix).put("hash", r.hash).put("createdAt", now.toString()).toString());
    byUser.computeIfAbsent(user.id, u -> new CopyOnWriteArrayList<>()).add(r);
    return key;
  }

  List<KeyRecord> list(String userId) {
    List<KeyRecord> out = new ArrayList<>(byUser.getOrDefault(userId, List.of()));
    out.sort(Comparator.comparing((KeyRecord r) -> r.createdAt).reversed());
    return out;
  }

  /** Revokes (deletes) one of the user's keys; false when it is not theirs or already gone. */
  /** Whether {@code id} has the form of this registry's key ids ({@code k} and up to 18 digits): only such an id goes into an audit record. */
  static boolean isKeyId(String id) {
    if (id.length() < 2 || id.length() > 19 || id.charAt(0) != 'k') {
      return false;
    }
    for (int i = 1; i < id.length(); i++) {
      if (id.charAt(i) < '0' || id.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  boolean revoke(String userId, String keyId) {
    List<KeyRecord> keys = byUser.get(userId);
    if (keys == null || keys.stream().noneMatch(r -> r.id.equals(Objects.requireNonNull(keyId, "keyId")))) {
      return false;
    }
    records.delete("apikey", keyId);
    return keys.removeIf(r -> r.id.equals(keyId));
  }

  /** Whether a presented key is a live key of this widget: format and checksum first, then the hash. */
  boolean authorizes(WidgetApiKeys keys, String widgetId, String presented) {
    ApiKeyCheck check = keys.parse(presented);
    if (!check.isValid()) {
      return false;
    }
    List<String> candidates = keys.lookupHashes(widgetId, check.key());
    return byUser.values().stream().flatMap(List::stream)
        .anyMatch(r -> r.widgetId.equals(widgetId) && candidates.contains(r.hash));
  }
}
