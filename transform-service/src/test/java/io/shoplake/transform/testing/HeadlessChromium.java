package io.shoplake.transform.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;

/**
 * A real headless Chromium with its browser log: Debian's {@code chromium} and
 * {@code chromium-driver} where they are installed (the README's test command installs
 * them), otherwise whatever Selenium Manager finds.
 */
public final class HeadlessChromium {

	private HeadlessChromium() {
	}

	/** A new browser with a window of 1400 x 2200 pixels. */
	public static ChromeDriver open() {
		ChromeOptions options = new ChromeOptions();
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,2200",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");
		if (Files.isExecutable(Path.of("/usr/bin/chromium"))) {
			options.setBinary("/usr/bin/chromium");
		}
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		ChromeDriverService.Builder service = new ChromeDriverService.Builder();
		if (Files.isExecutable(Path.of("/usr/bin/chromedriver"))) {
			service.usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile());
		}
		return new ChromeDriver(service.build(), options);
	}

}
