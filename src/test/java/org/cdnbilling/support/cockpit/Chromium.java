package org.cdnbilling.support.cockpit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver ({@code apt-get install chromium
 * chromium-driver}, as {@code .ci/run} does). Both are named explicitly, so Selenium never looks for or
 * downloads a browser or a driver. Other paths: system properties {@code chromium.binary} and
 * {@code webdriver.chrome.driver}.
 */
public final class Chromium implements AutoCloseable {

    private final WebDriver driver;
    private final Path profile;

    private Chromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Chromium headless() {
        File binary = required(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        File chromedriver = required(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
        Path profile;
        try {
            profile = Files.createTempDirectory("cdn-cockpit-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--lang=en-US", "--window-size=1400,860", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .build();
        return new Chromium(new ChromeDriver(service, options), profile);
    }

    public WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // a leftover temporary profile is harmless
            }
        }
    }

    private static File required(String path) {
        File file = new File(path);
        if (!file.canExecute()) {
            throw new IllegalStateException(path + " is missing: install Debian's chromium and chromium-driver "
                    + "(apt-get install chromium chromium-driver, as .ci/run does)");
        }
        return file;
    }
}
