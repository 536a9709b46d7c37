package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, as a test: the packaged {@code target/hiroi-example.jar} starts in
 * its own JVM with nothing but the JDK, prints the URL to open, and serves the sign-in page. The
 * other tests run the app on the test class path, where a dependency missing from the jar (one
 * declared with test scope, say) would go unnoticed.
 */
class ExampleAppJarIT {
  private static final Pattern OPEN = Pattern.compile("is running\\. Open (http://localhost:\\d+)");

  @Test
  void thePackagedJar_starts_andServesTheSignInPage() throws Exception {
    Path jar = Path.of("target", "hiroi-example.jar");
    assertThat(jar).as("packaged before the integration tests").exists();
    Path data = Files.createTempDirectory(Path.of("target"), "jar-it-data");
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dhiroi.example.port=0", "-Dhiroi.example.customer.port=0", "-Dhiroi.example.refused.port=0",
        "-Dhiroi.example.data=" + data.toAbsolutePath(),
        "-jar", jar.toAbsolutePath().toString());
    pb.environment().keySet().removeIf(k -> k.startsWith("HIROI_"));
    pb.redirectErrorStream(true);
    Process app = pb.start();
    List<String> output = new ArrayList<>();
    try {
      CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            synchronized (output) {
              output.add(line);
            }
            Matcher m = OPEN.matcher(line);
            if (m.find()) {
              return m.group(1);
            }
          }
          return null;
        } catch (java.io.IOException e) {
          return null;
        }
      });
      String origin = url.get(90, TimeUnit.SECONDS);
      synchronized (output) {
        assertThat(origin).as("the app printed the URL to open; its output:%n%s", String.join("\n", output)).isNotNull();
      }
      HttpResponse<String> signIn = HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(URI.create(origin + "/signin")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).isEqualTo(200);
      assertThat(signIn.body()).contains("Sign in with a passkey");
      assertThat(app.isAlive()).isTrue();
      assertThat(data.resolve("keyring.json")).exists();
    } finally {
      app.destroy();
      if (!app.waitFor(20, TimeUnit.SECONDS)) {
        app.destroyForcibly();
      }
    }
  }
}
