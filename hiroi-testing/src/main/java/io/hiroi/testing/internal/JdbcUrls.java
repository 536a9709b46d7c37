package io.hiroi.testing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Rewrites PostgreSQL JDBC URLs ({@code jdbc:postgresql://host:port/database?key=value}). */
public final class JdbcUrls {
  /** What every PostgreSQL JDBC URL starts with. */
  public static final String PREFIX = "jdbc:postgresql:";

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private JdbcUrls() {}

  /**
   * Returns {@code url} naming another database, keeping hosts and parameters.
   *
   * @param url a {@code jdbc:postgresql:} URL
   * @param database the database name, a plain identifier
   * @return the rewritten URL
   * @throws IllegalArgumentException when {@code database} is not a plain identifier
   */
  public static String withDatabase(String url, String database) {
    requireIdentifier(database);
    int question = url.indexOf('?');
    String base = question < 0 ? url : url.substring(0, question);
    String query = question < 0 ? "" : url.substring(question);
    String rest = base.substring(PREFIX.length());
    String rewritten;
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rewritten = PREFIX + (slash < 0 ? rest + "/" : rest.substring(0, slash + 1)) + database;
    } else {
      rewritten = PREFIX + database;
    }
    return rewritten + query;
  }

  /**
   * Returns {@code url} with one query parameter set, replacing an earlier value of it.
   *
   * @param url a {@code jdbc:postgresql:} URL
   * @param key the parameter name
   * @param value the value, a plain identifier
   * @return the rewritten URL
   * @throws IllegalArgumentException when {@code value} is not a plain identifier
   */
  public static String withParameter(String url, String key, String value) {
    requireIdentifier(value);
    int question = url.indexOf('?');
    String base = question < 0 ? url : url.substring(0, question);
    List<String> params = new ArrayList<>();
    if (question >= 0) {
      for (String param : url.substring(question + 1).split("&")) {
        if (!param.isEmpty() && !param.toLowerCase(Locale.ROOT).startsWith(key.toLowerCase(Locale.ROOT) + "=")) {
          params.add(param);
        }
      }
    }
    params.add(key + "=" + value);
    return base + "?" + String.join("&", params);
  }

  /**
   * Returns the URL without its query (which may hold a password), for messages.
   *
   * @param url a JDBC URL
   * @return the URL up to its {@code ?}
   */
  public static String withoutQuery(String url) {
    int question = url.indexOf('?');
    return question < 0 ? url : url.substring(0, question);
  }

  /**
   * Says whether a name is a lower-case SQL identifier that needs no quoting (at most 63 bytes).
   *
   * @param name the name
   * @return {@code true} when it is one
   */
  public static boolean isIdentifier(String name) {
    return name != null && IDENTIFIER.matcher(name).matches();
  }

  private static void requireIdentifier(String name) {
    if (!isIdentifier(name)) {
      throw new IllegalArgumentException(
          "name must be a lower-case identifier ([a-z_][a-z0-9_]*, at most 63 characters), was " + name);
    }
  }
}
