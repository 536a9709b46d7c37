package io.hiroi.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link SessionManager} keeps sessions: the port a backend implements ({@link
 * InMemorySessionStore}, {@link io.hiroi.auth.redis.RedisSessionStore}). The manager owns the
 * algorithm (tokens, timeouts, rotation); a store only keeps records, keyed by the session id
 * (the SHA-256 of the token, never the token), grouped per user, and makes each method below one
 * atomic step, so that a revocation is effective for every replica sharing the store on its very
 * next call.
 *
 * <p>{@code tag} is a short routing value derived from the user id and carried in the token (a
 * Redis hash tag, so that all keys of one user live in one Cluster slot); stores that do not shard
 * may ignore it. Every method throws {@link AuthStoreException} when the store cannot answer.
 *
 * <p>Implementations are thread-safe; share one instance.
 */
public interface SessionStore {
  /**
   * Stores a new session, which expires by itself at the earlier of {@code lastSeenAt +
   * idleTimeout} and {@code expiresAt}; then, if its user has more than {@code maxPerUser}
   * sessions, removes the oldest ones (by creation time).
   *
   * @param tag the user's routing tag
   * @param session the new session
   * @param idleTimeout the idle timeout
   * @param maxPerUser how many sessions the user may keep, at least 1
   * @throws AuthStoreException if the store cannot answer or is full
   */
  void create(String tag, Session session, Duration idleTimeout, int maxPerUser);

  /**
   * Finds a session and slides its idle expiry, in one atomic step: a session that has expired
   * ({@code now >= expiresAt} or {@code now >= lastSeenAt + idleTimeout}) is deleted and returned
   * unchanged; a live one whose {@code lastSeenAt} is at least {@code touchAfter} old gets
   * {@code lastSeenAt = now} (and its expiry moved to match) and is returned updated; any other is
   * returned as it is.
   *
   * @param tag the routing tag from the token
   * @param id the session id
   * @param now the current time
   * @param idleTimeout the idle timeout
   * @param touchAfter the least age of {@code lastSeenAt} that is worth a write
   * @return the session, or empty if there is none
   * @throws AuthStoreException if the store cannot answer
   */
  Optional<Session> findAndTouch(String tag, String id, Instant now, Duration idleTimeout, Duration touchAfter);

  /**
   * Replaces a session by another of the same user under a new id, in one atomic step: the old id
   * stops working at the moment the new one starts.
   *
   * @param tag the user's routing tag
   * @param oldId the id being replaced
   * @param replacement the new session, of the same user
   * @param idleTimeout the idle timeout
   * @return {@code false} if the old session no longer exists (nothing was stored)
   * @throws AuthStoreException if the store cannot answer
   */
  boolean replace(String tag, String oldId, Session replacement, Duration idleTimeout);

  /**
   * Deletes one session if it belongs to {@code userId}.
   *
   * @param tag the user's routing tag
   * @param id the session id
   * @param userId the owner it must have
   * @return {@code true} if a session was deleted
   * @throws AuthStoreException if the store cannot answer
   */
  boolean remove(String tag, String id, String userId);

  /**
   * Deletes every session of a user, in one atomic step.
   *
   * @param tag the user's routing tag
   * @param userId the user
   * @return how many sessions were deleted
   * @throws AuthStoreException if the store cannot answer
   */
  int removeAll(String tag, String userId);

  /**
   * Deletes every session of a user but one, in one atomic step ("sign out other devices").
   *
   * <p>The default implementation lists the user's sessions and removes them one by one: a
   * session created meanwhile may survive. Both hiroi stores override it with one atomic step;
   * a host's own store should too.
   *
   * @param tag the user's routing tag
   * @param userId the user
   * @param keepId the id of the session to keep (it is kept only if it is the user's)
   * @return how many sessions were deleted
   * @throws AuthStoreException if the store cannot answer
   */
  default int removeAllExcept(String tag, String userId, String keepId) {
    int n = 0;
    for (Session s : list(tag, userId)) {
      if (!s.id().equals(keepId) && remove(tag, s.id(), userId)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Lists the sessions of a user that have not been deleted; the manager drops those that have
   * expired meanwhile.
   *
   * @param tag the user's routing tag
   * @param userId the user
   * @return the sessions, in any order
   * @throws AuthStoreException if the store cannot answer
   */
  List<Session> list(String tag, String userId);
}
