package dev.roocode.cli.api;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium for browser ITs, driven through the installed chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}; Selenium Manager never downloads one). Paths: {@code -Droocode.chromium=} and {@code
 * -Droocode.chromedriver=}, else {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}. When either is missing the
 * test is skipped with a printed notice, unless {@code CI=true} or {@code -Droocode.requireBrowser=true}: then it fails,
 * so CI cannot go green by skipping (as {@code SharedFiles} does for ../shared).
 */
final class Chromium {
    private Chromium() {}

    /** A new headless browser, 1280x900; skips or fails the calling test when Chromium is absent. */
    static ChromeDriver start() {
        Path browser = Path.of(System.getProperty("roocode.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("roocode.chromedriver", "/usr/bin/chromedriver"));
        for (Path p : new Path[] {browser, driver}) {
            if (!Files.isExecutable(p)) {
                missing("no " + p.getFileName() + " at " + p
                        + " (apt-get install chromium chromium-driver, or set -Droocode."
                        + (p == browser ? "chromium" : "chromedriver") + "=PATH)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return chrome;
    }

    private static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("roocode.requireBrowser");
    }

    private static void missing(String notice) {
        if (required()) {
            Assertions.fail(notice + " and a browser is required (CI=true or -Droocode.requireBrowser=true)");
        }
        System.out.println("NOTICE: skipping browser test, " + notice);
        Assumptions.assumeTrue(false, notice);
    }
}
