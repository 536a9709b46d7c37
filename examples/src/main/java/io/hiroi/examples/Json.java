package io.hiroi.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The app's one Jackson mapper, for the small JSON documents of {@link Records}. Thread-safe. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Reads a stored record; a record that is not JSON is a corrupt table, not a user error. */
  static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored record of the table " + Records.TABLE + " is not JSON", e);
    }
  }
}
