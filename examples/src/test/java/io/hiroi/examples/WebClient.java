package io.hiroi.examples;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny browser for the integration tests: {@link HttpClient} plus a cookie jar that, like a
 * browser on {@code http://localhost}, keeps {@code Secure} cookies (the JDK's CookieManager
 * drops them over http), sends {@code Origin} on POSTs and remembers the last page's CSRF field.
 * Not thread-safe: one per simulated browser.
 */
final class WebClient {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String origin;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private final String userAgent;
  private String csrf = "";

  WebClient(String origin) {
    this(origin, "Java-http-client ExampleAppIT");
  }

  /** A client that sends its own {@code User-Agent} (another "device" to the new-device alerts). */
  WebClient(String origin, String userAgent) {
    this.origin = origin;
    this.userAgent = userAgent;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(origin + path)).GET());
  }

  /** Posts a form with the last page's CSRF field, from this origin. */
  HttpResponse<String> post(String path, String... nameValues) throws IOException, InterruptedException {
    String[] withCsrf = new String[nameValues.length + 2];
    System.arraycopy(nameValues, 0, withCsrf, 0, nameValues.length);
    withCsrf[nameValues.length] = "_csrf";
    withCsrf[nameValues.length + 1] = csrf;
    return postRaw(path, origin, withCsrf);
  }

  /** Posts a form exactly as given (no CSRF field added), with the given Origin header (null: none). */
  HttpResponse<String> postRaw(String path, String originHeader, String... nameValues) throws IOException, InterruptedException {
    return postFrom(path, originHeader, null, nameValues);
  }

  /** The last page's CSRF token (the value of its {@code _csrf} field), or "" before any. */
  String csrfToken() {
    return csrf;
  }

  /**
   * Posts a form exactly as given, with the given {@code Origin} and {@code Sec-Fetch-Site} headers
   * (null: none), as a browser does for a form on another site that posts here.
   */
  HttpResponse<String> postFrom(String path, String originHeader, String secFetchSite, String... nameValues)
      throws IOException, InterruptedException {
    StringJoiner form = new StringJoiner("&");
    for (int i = 0; i < nameValues.length; i += 2) {
      form.add(URLEncoder.encode(nameValues[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
    if (originHeader != null) {
      b.header("Origin", originHeader);
    }
    if (secFetchSite != null) {
      b.header("Sec-Fetch-Site", secFetchSite);
    }
    return send(b);
  }

  /** Whether this client's session is (still) valid: the sessions page answers instead of redirecting. */
  boolean isSignedIn() {
    try {
      return get("/sessions").statusCode() == 200;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies.get(name));
  }

  void setCookie(String name, String value) {
    cookies.put(name, value);
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    if (!cookies.isEmpty()) {
      StringJoiner header = new StringJoiner("; ");
      cookies.forEach((k, v) -> header.add(k + "=" + v));
      b.header("Cookie", header.toString());
    }
    b.header("User-Agent", userAgent);
    HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    for (String set : r.headers().allValues("Set-Cookie")) {
      String pair = set.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq).trim();
      String value = pair.substring(eq + 1).trim();
      if (value.isEmpty() || set.contains("Max-Age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    Matcher m = CSRF.matcher(r.body());
    if (m.find()) {
      csrf = m.group(1);
    }
    return r;
  }
}
