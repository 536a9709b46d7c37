package io.hiroi.auth;

import io.hiroi.auth.internal.Errors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link DeviceStore}, for a single replica: bounded to a number of users (default
 * {@value #DEFAULT_MAX_USERS}); when full, users whose entries have all expired are dropped, and
 * if none has, a new user is refused with {@link AuthStoreException} rather than a remembered one
 * forgotten. Each user's entries are an access-ordered map (LRU).
 *
 * <p>Thread-safe; share one instance.
 */
public final class InMemoryDeviceStore implements DeviceStore {
  /** The default number of users remembered. */
  public static final int DEFAULT_MAX_USERS = 100_000;

  private final int maxUsers;
  private final ConcurrentHashMap<String, LinkedHashMap<String, Instant>> users = new ConcurrentHashMap<>();

  private InMemoryDeviceStore(int maxUsers) {
    this.maxUsers = maxUsers;
  }

  /**
   * Creates a store for {@value #DEFAULT_MAX_USERS} users.
   *
   * @return the store
   */
  public static InMemoryDeviceStore create() {
    return create(DEFAULT_MAX_USERS);
  }

  /**
   * Creates a store for a number of users.
   *
   * @param maxUsers 1 to 10 000 000
   * @return the store
   * @throws IllegalArgumentException if out of range
   */
  public static InMemoryDeviceStore create(int maxUsers) {
    if (maxUsers < 1 || maxUsers > 10_000_000) {
      throw Errors.outOfRange("maxUsers", "between 1 and 10000000", maxUsers);
    }
    return new InMemoryDeviceStore(maxUsers);
  }

  @Override
  public List<Boolean> remember(String userKey, List<String> entries, Instant now, Duration ttl, int maxEntries) {
    Objects.requireNonNull(userKey, "userKey");
    Objects.requireNonNull(entries, "entries");
    Instant cutoff = now.minus(ttl);
    if (!users.containsKey(userKey) && users.size() >= maxUsers) {
      users.entrySet().removeIf(e -> {
        synchronized (e.getValue()) {
          return e.getValue().values().stream().allMatch(seen -> !seen.isAfter(cutoff));
        }
      });
      if (users.size() >= maxUsers) {
        throw Errors.full("users", maxUsers);
      }
    }
    List<Boolean> known = new ArrayList<>(entries.size());
    users.compute(userKey, (k, seen) -> {
      LinkedHashMap<String, Instant> map = seen != null ? seen : new LinkedHashMap<>(16, 0.75f, true);
      synchronized (map) {
        map.values().removeIf(t -> !t.isAfter(cutoff));
        for (String e : entries) {
          known.add(map.containsKey(e));
        }
        for (String e : entries) {
          map.put(e, now);
        }
        Iterator<Map.Entry<String, Instant>> oldest = map.entrySet().iterator();
        for (int excess = map.size() - maxEntries; excess > 0; excess--) {
          oldest.next();
          oldest.remove();
        }
      }
      return map;
    });
    return List.copyOf(known);
  }

  @Override
  public String toString() {
    return "InMemoryDeviceStore[users=" + users.size() + ", maxUsers=" + maxUsers + "]";
  }
}
