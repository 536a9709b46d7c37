package io.hiroi.audit;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SubjectKeyStore#inMemory()}: two concurrent maps. Thread-safe. */
final class InMemorySubjectKeyStore implements SubjectKeyStore {
  private final ConcurrentHashMap<String, Entry> byLookup = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> byRef = new ConcurrentHashMap<>();

  @Override
  public Optional<Entry> findByLookup(String lookup) {
    return Optional.ofNullable(byLookup.get(lookup));
  }

  @Override
  public Optional<String> findByRef(String ref) {
    return Optional.ofNullable(byRef.get(ref));
  }

  @Override
  public Entry putIfAbsent(String lookup, Entry entry) {
    Entry stored = byLookup.computeIfAbsent(lookup, k -> {
      byRef.put(entry.ref(), entry.wrappedKey());
      return entry;
    });
    return stored;
  }

  @Override
  public Optional<String> delete(String lookup) {
    Entry removed = byLookup.remove(lookup);
    if (removed == null) {
      return Optional.empty();
    }
    byRef.remove(removed.ref());
    return Optional.of(removed.ref());
  }

  @Override
  public String toString() {
    return "InMemorySubjectKeyStore[" + byLookup.size() + " subjects]";
  }
}
