package dev.observability.starter.export;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.SpringBootVersion;

/**
 * The {@code application.build.info} gauge: always 1, tagged with the application's
 * version, the Spring Boot version and the Java version, so that a dashboard can mark
 * deploys and tell instances apart by what they run.
 */
final class BuildInfoMeterBinder implements MeterBinder {

	static final String NAME = "application.build.info";

	static final String UNKNOWN = "unknown";

	private final String applicationVersion;

	/**
	 * Create the binder.
	 * @param applicationVersion the application's version, or {@code null} when not known
	 */
	BuildInfoMeterBinder(String applicationVersion) {
		this.applicationVersion = (applicationVersion != null && !applicationVersion.isBlank()) ? applicationVersion
				: UNKNOWN;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		String bootVersion = SpringBootVersion.getVersion();
		Gauge.builder(NAME, () -> 1)
			.description("Build of the running application: always 1, tagged with what it runs")
			.tag("application.version", this.applicationVersion)
			.tag("spring.boot.version", (bootVersion != null) ? bootVersion : UNKNOWN)
			.tag("java.version", Runtime.version().toString())
			.register(registry);
	}

}
