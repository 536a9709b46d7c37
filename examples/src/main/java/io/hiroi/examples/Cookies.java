package io.hiroi.examples;

import java.util.Optional;

/** Reads one cookie from a {@code Cookie} header (values of {@code A-Z a-z 0-9 - _ .}); a name sent twice (cookie tossing) reads as absent. */
final class Cookies {
  private Cookies() {}

  static Optional<String> read(String header, String name) {
    if (header == null) {
      return Optional.empty();
    }
    String found = null;
    for (String part : header.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
        if (found != null) {
          return Optional.empty();
        }
        found = part.substring(eq + 1).trim();
      }
    }
    return found == null || found.isEmpty() || !found.chars().allMatch(Cookies::tokenChar) ? Optional.empty() : Optional.of(found);
  }

  private static boolean tokenChar(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  }
}
