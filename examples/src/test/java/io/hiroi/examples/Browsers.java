package io.hiroi.examples;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's Chromium through its chromedriver for the browser tests: both paths set
 * explicitly (so Selenium Manager never downloads anything), headless, each browser with a fresh
 * profile directory. Registered as an extension, it saves a screenshot of every open browser under
 * {@code target/browser-failures/} when a test fails, then quits them all. Not thread-safe: one
 * per test class.
 */
final class Browsers implements AfterEachCallback {
  static final String CHROMIUM = System.getProperty("hiroi.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getProperty("hiroi.chromedriver", "/usr/bin/chromedriver");
  private final List<WebDriver> open = new ArrayList<>();
  private final List<Path> profiles = new ArrayList<>();

  /** A new browser with a profile of its own (no cookies shared with the others). */
  ChromeDriver open() {
    Path profile;
    try {
      profile = Files.createTempDirectory("hiroi-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    profiles.add(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1280,860", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(20));
    open.add(driver);
    return driver;
  }

  /** Saves a PNG of the browser's viewport. */
  static void screenshot(WebDriver driver, Path file) {
    try {
      Files.createDirectories(file.getParent());
      File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(png.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    boolean failed = context.getExecutionException().isPresent();
    for (int i = 0; i < open.size(); i++) {
      WebDriver d = open.get(i);
      try {
        if (failed) {
          String name = context.getRequiredTestMethod().getName() + "-browser" + (i + 1) + ".png";
          screenshot(d, Path.of("target", "browser-failures", name));
        }
      } catch (RuntimeException e) {
        context.publishReportEntry("screenshot", "could not save a screenshot: " + e.getClass().getSimpleName());
      } finally {
        d.quit();
      }
    }
    open.clear();
    for (Path p : profiles) {
      deleteTree(p);
    }
    profiles.clear();
  }

  private static void deleteTree(Path root) {
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }
}
