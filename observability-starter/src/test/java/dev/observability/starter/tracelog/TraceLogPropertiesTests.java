package dev.observability.starter.tracelog;

import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class TraceLogPropertiesTests {

	@Test
	void everyTraceLogPropertyHasADescriptionInTheMetadata() throws Exception {
		URL starterRoot = TraceLogProperties.class.getProtectionDomain().getCodeSource().getLocation();
		try (InputStream json = new URL(starterRoot, "META-INF/spring-configuration-metadata.json").openStream()) {
			List<Map<String, Object>> properties = JsonPath.read(json,
					"$.properties[?(@.name =~ /observability\\.trace-log\\..*/)]");
			assertThat(properties).extracting((property) -> property.get("name"))
				.containsExactlyInAnyOrder("observability.trace-log.enabled", "observability.trace-log.min-duration",
						"observability.trace-log.max-pending-traces", "observability.trace-log.max-spans-per-trace");
			assertThat(properties)
				.allSatisfy((property) -> assertThat((String) property.get("description")).isNotBlank()
					.doesNotStartWith("The ")
					.endsWith("."));
		}
	}

	@Test
	void badValuesFailStartupNamingThePropertyTheValueAndWhatIsAllowed(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(TraceLogAutoConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties("observability.trace-log.enabled=true", "observability.trace-log.max-pending-traces=0",
					"observability.trace-log.max-spans-per-trace=100001", "observability.trace-log.min-duration=-1s");
		assertThatException().isThrownBy(application::run);
		assertThat(output)
			.contains("Property: observability.trace-log.max-pending-traces", "Value: \"0\"",
					"Allowed: must be between 1 and 100000")
			.contains("Property: observability.trace-log.max-spans-per-trace", "Value: \"100001\"")
			.contains("Property: observability.trace-log.min-duration", "Value: \"-1s\"",
					"Allowed: must be zero or positive, for example 200ms");
	}

	@Test
	void aMinimumDurationSoLongItWouldOverflowFailsStartupNamingTheProperty(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(TraceLogAutoConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties("observability.trace-log.enabled=true", "observability.trace-log.min-duration=1000000000d");
		assertThatException().isThrownBy(application::run);
		assertThat(output)
			.contains("Property: observability.trace-log.min-duration",
					"Allowed: must be a duration of at most 365d (longer ones overflow), for example 200ms")
			.doesNotContain("long overflow");
	}

}
