package io.hiroi.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where {@link NewDeviceDetector} remembers the devices and networks each user signed in from:
 * the port a backend implements ({@link InMemoryDeviceStore}, {@link
 * io.hiroi.auth.redis.RedisDeviceStore}). Keys and entries are keyed HMACs, never user ids, IP
 * addresses or user agents. {@link #remember} is one atomic step.
 *
 * <p>Implementations are thread-safe; share one instance. Every method throws {@link
 * AuthStoreException} when the store cannot answer.
 */
public interface DeviceStore {
  /**
   * In one atomic step: forgets the user's entries last seen {@code ttl} or longer before {@code
   * now}; tells for each given entry whether it is remembered; marks every given entry seen at
   * {@code now}; and keeps only the {@code maxEntries} most recently seen.
   *
   * @param userKey the user's key (hex)
   * @param entries the entries of this sign-in (hex), one or more, distinct
   * @param now the current time
   * @param ttl how long an unused entry is remembered
   * @param maxEntries how many entries a user keeps at most
   * @return for each entry, in order, whether it was remembered before this call
   * @throws AuthStoreException if the store cannot answer or is full
   */
  List<Boolean> remember(String userKey, List<String> entries, Instant now, Duration ttl, int maxEntries);
}
