package io.hiroi.auth;

import io.hiroi.auth.internal.Errors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded session store: sessions in this JVM's memory, for a single replica (several
 * replicas need {@link io.hiroi.auth.redis.RedisSessionStore}). Bounded: it holds at most {@code
 * maxSessions} sessions; when full it first drops every expired one, and if it is still full a new
 * session fails with {@link AuthStoreException} rather than evicting a live session.
 *
 * <p>Thread-safe; share one instance. Validation ({@link #findAndTouch}) reads without a lock and
 * writes one map entry when it slides the idle expiry; operations on one user's sessions (create,
 * rotate, revoke, sign out everywhere) are serialised per user, so a sign-out-everywhere never
 * misses a session created or rotated at the same moment.
 */
public final class InMemorySessionStore implements SessionStore {
  /** The default bound on the number of sessions held. */
  public static final int DEFAULT_MAX_SESSIONS = 100_000;

  private final int maxSessions;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> sessions = new ConcurrentHashMap<>();
  /** Each user's session ids; mutated only inside {@code byUser.compute} for that user. */
  private final ConcurrentHashMap<String, List<String>> byUser = new ConcurrentHashMap<>();

  private InMemorySessionStore(int maxSessions, Clock clock) {
    this.maxSessions = maxSessions;
    this.clock = clock;
  }

  /**
   * Creates a store holding at most {@link #DEFAULT_MAX_SESSIONS} sessions.
   *
   * @return a new, empty store
   */
  public static InMemorySessionStore create() {
    return new InMemorySessionStore(DEFAULT_MAX_SESSIONS, Clock.systemUTC());
  }

  /**
   * Creates a store with another bound.
   *
   * @param maxSessions the most sessions held, 1 to 100 000 000
   * @param clock the clock that decides which sessions have expired when the store is full (the
   *     {@link SessionManager}'s clock)
   * @return a new, empty store
   * @throws IllegalArgumentException if {@code maxSessions} is out of range
   * @throws NullPointerException if {@code clock} is null
   */
  public static InMemorySessionStore create(int maxSessions, Clock clock) {
    if (maxSessions < 1 || maxSessions > 100_000_000) {
      throw Errors.outOfRange("maxSessions", "between 1 and 100000000", maxSessions);
    }
    return new InMemorySessionStore(maxSessions, Objects.requireNonNull(clock, "clock"));
  }

  /** A session and the instant it expires by itself. */
  private static final class Entry {
    final Session session;
    final Instant deadline;

    Entry(Session session, Duration idle) {
      this.session = session;
      Instant idleEnd = session.lastSeenAt().plus(idle);
      this.deadline = idleEnd.isBefore(session.expiresAt()) ? idleEnd : session.expiresAt();
    }

    boolean expiredAt(Instant now) {
      return !now.isBefore(deadline);
    }
  }

  @Override
  public void create(String tag, Session session, Duration idleTimeout, int maxPerUser) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (sessions.size() >= maxSessions) {
      sweep();
      if (sessions.size() >= maxSessions) {
        throw Errors.full("sessions", maxSessions);
      }
    }
    Entry entry = new Entry(session, idleTimeout);
    byUser.compute(
        session.userId(),
        (user, ids) -> {
          List<String> list = ids == null ? new ArrayList<>() : ids;
          // Sessions that ended (removed, or expired though nobody has looked since) do not count
          // toward the cap, as in Redis, where an expired session's key is gone.
          Instant now = session.lastSeenAt();
          list.removeIf(
              id -> {
                Entry e = sessions.get(id);
                if (e == null) {
                  return true;
                }
                if (e.expiredAt(now)) {
                  sessions.remove(id, e);
                  return true;
                }
                return false;
              });
          sessions.put(session.id(), entry);
          list.add(session.id());
          if (list.size() > maxPerUser) {
            list.sort(Comparator.comparing(this::createdAt));
            while (list.size() > maxPerUser) {
              sessions.remove(list.remove(0));
            }
          }
          return list;
        });
  }

  @Override
  public Optional<Session> findAndTouch(String tag, String id, Instant now, Duration idleTimeout, Duration touchAfter) {
    Entry current = sessions.get(id);
    if (current == null) {
      return Optional.empty();
    }
    if (!current.expiredAt(now) && current.session.lastSeenAt().plus(touchAfter).isAfter(now)) {
      return Optional.of(current.session); // the hot path: no write
    }
    Session[] seen = new Session[1];
    sessions.computeIfPresent(
        id,
        (key, entry) -> {
          Instant idleEnd = entry.session.lastSeenAt().plus(idleTimeout);
          if (!now.isBefore(entry.session.expiresAt()) || !now.isBefore(idleEnd)) {
            seen[0] = entry.session;
            return null;
          }
          if (entry.session.lastSeenAt().plus(touchAfter).isAfter(now)) {
            seen[0] = entry.session;
            return entry;
          }
          Entry touched = new Entry(entry.session.seenAt(now), idleTimeout);
          seen[0] = touched.session;
          return touched;
        });
    return Optional.ofNullable(seen[0]);
  }

  @Override
  public boolean replace(String tag, String oldId, Session replacement, Duration idleTimeout) {
    Objects.requireNonNull(replacement, "replacement");
    boolean[] replaced = new boolean[1];
    byUser.computeIfPresent(
        replacement.userId(),
        (user, ids) -> {
          Entry old = sessions.get(oldId);
          if (old == null || !old.session.userId().equals(user) || !ids.remove(oldId)) {
            return ids;
          }
          sessions.remove(oldId);
          sessions.put(replacement.id(), new Entry(replacement, idleTimeout));
          ids.add(replacement.id());
          replaced[0] = true;
          return ids;
        });
    return replaced[0];
  }

  @Override
  public boolean remove(String tag, String id, String userId) {
    boolean[] removed = new boolean[1];
    byUser.computeIfPresent(
        userId,
        (user, ids) -> {
          if (ids.remove(id)) {
            removed[0] = sessions.remove(id) != null;
          }
          return ids.isEmpty() ? null : ids;
        });
    return removed[0];
  }

  @Override
  public int removeAll(String tag, String userId) {
    int[] removed = new int[1];
    byUser.computeIfPresent(
        userId,
        (user, ids) -> {
          for (String id : ids) {
            if (sessions.remove(id) != null) {
              removed[0]++;
            }
          }
          return null;
        });
    return removed[0];
  }

  @Override
  public int removeAllExcept(String tag, String userId, String keepId) {
    Objects.requireNonNull(keepId, "keepId");
    int[] removed = new int[1];
    byUser.computeIfPresent(
        userId,
        (user, ids) -> {
          for (Iterator<String> it = ids.iterator(); it.hasNext(); ) {
            String id = it.next();
            if (!id.equals(keepId)) {
              it.remove();
              if (sessions.remove(id) != null) {
                removed[0]++;
              }
            }
          }
          return ids.isEmpty() ? null : ids;
        });
    return removed[0];
  }

  @Override
  public List<Session> list(String tag, String userId) {
    List<Session> out = new ArrayList<>();
    byUser.computeIfPresent(
        userId,
        (user, ids) -> {
          for (Iterator<String> it = ids.iterator(); it.hasNext(); ) {
            Entry e = sessions.get(it.next());
            if (e == null) {
              it.remove();
            } else {
              out.add(e.session);
            }
          }
          return ids.isEmpty() ? null : ids;
        });
    return Collections.unmodifiableList(out);
  }

  private Instant createdAt(String id) {
    Entry e = sessions.get(id);
    return e == null ? Instant.MIN : e.session.createdAt();
  }

  /** Drops every expired session (called when the store is full). */
  private void sweep() {
    Instant now = clock.instant();
    for (Map.Entry<String, Entry> e : sessions.entrySet()) {
      if (e.getValue().expiredAt(now)) {
        sessions.remove(e.getKey(), e.getValue());
      }
    }
    for (String user : byUser.keySet()) {
      byUser.computeIfPresent(
          user,
          (u, ids) -> {
            ids.removeIf(id -> !sessions.containsKey(id));
            return ids.isEmpty() ? null : ids;
          });
    }
  }

  /**
   * Returns how many sessions are held, including expired ones not yet dropped.
   *
   * @return the count
   */
  public int size() {
    return sessions.size();
  }

  @Override
  public String toString() {
    return "InMemorySessionStore[sessions=" + sessions.size() + ", max=" + maxSessions + "]";
  }
}
