package io.hiroi.auth;

import io.hiroi.crypto.PasswordHasher;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A host's accounts and mail outbox for the password reset tests. Thread-safe. */
final class ResetFixture implements PasswordResetAccounts, PasswordResetMailer {
  /** Fast, deliberately weak parameters: these tests check behaviour, not cost. */
  static final PasswordHasher HASHER = PasswordHasher.builder().insecureAllowWeakParameters().memoryKiB(1024).iterations(1).build();

  final Map<String, PasswordAccount> byEmail = new ConcurrentHashMap<>();
  final Map<String, String> hashes = new ConcurrentHashMap<>();
  final Map<String, Boolean> secondFactor = new ConcurrentHashMap<>();
  final List<String[]> outbox = new CopyOnWriteArrayList<>();

  void add(String email, String userId, String password, boolean withSecondFactor) {
    String hash = HASHER.hash(password.toCharArray());
    byEmail.put(email, PasswordAccount.of(userId, hash));
    hashes.put(userId, hash);
    secondFactor.put(userId, withSecondFactor);
  }

  /** The token of the last mail sent. */
  String lastToken() {
    return outbox.get(outbox.size() - 1)[2];
  }

  @Override
  public Optional<PasswordAccount> findByEmail(String email) {
    return Optional.ofNullable(byEmail.get(email));
  }

  /** When set, {@link #updatePasswordHash} throws it instead of storing (a database that is down). */
  volatile RuntimeException updateFailure;

  @Override
  public void updatePasswordHash(String userId, String passwordHash) {
    RuntimeException failure = updateFailure;
    if (failure != null) {
      throw failure;
    }
    hashes.put(userId, passwordHash);
  }

  @Override
  public boolean hasSecondFactor(String userId) {
    return secondFactor.getOrDefault(userId, false);
  }

  @Override
  public void sendResetLink(String email, String userId, String token) {
    outbox.add(new String[] {email, userId, token});
  }
}
