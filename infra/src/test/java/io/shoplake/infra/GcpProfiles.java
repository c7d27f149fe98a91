package io.shoplake.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The services' {@code <service>-gcp.yml}, as the build has them next to this module. */
final class GcpProfiles {

	/** {@code ${NAME}} with no {@code :default}. */
	private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

	private GcpProfiles() {
	}

	/**
	 * The environment variables {@code <service>-gcp.yml} needs and gives no default for.
	 */
	static Set<String> requiredVariables(String service) {
		Path file = Path.of("..", service + "-service", "src", "main", "resources", service + "-gcp.yml");
		try {
			Set<String> names = new TreeSet<>();
			Matcher matcher = REQUIRED.matcher(Files.readString(file));
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
			return names;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

}
