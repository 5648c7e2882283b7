package dev.observability.starter.export;

import java.util.List;
import java.util.Properties;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.observability.starter.core.CapturedSpansConfiguration;
import dev.observability.starter.core.CapturedSpansConfiguration.CapturedSpans;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What lets a dashboard mark deploys and a backend name the service: the
 * {@code application.build.info} gauge and the {@code service.name} of exported spans.
 */
class BuildInfoAndServiceNameTests {

	@Test
	void theBuildInfoGaugeNamesTheApplicationBootAndJavaVersions() {
		try (ConfigurableApplicationContext context = start(WithBuildInfo.class)) {
			Gauge gauge = context.getBean(MeterRegistry.class).get("application.build.info").gauge();
			assertThat(gauge.value()).isEqualTo(1);
			assertThat(gauge.getId().getTag("application.version")).isEqualTo("1.4.2");
			assertThat(gauge.getId().getTag("spring.boot.version")).isEqualTo(SpringBootVersion.getVersion())
				.startsWith("4.");
			assertThat(gauge.getId().getTag("java.version")).isEqualTo(Runtime.version().toString());
		}
	}

	@Test
	void withoutBuildInformationTheApplicationVersionIsBootsApplicationVersion() {
		// Boot reads spring.application.version from the main class's jar manifest
		try (ConfigurableApplicationContext context = start(Application.class, "--spring.application.version=2.0.7")) {
			assertThat(context.getBean(MeterRegistry.class)
				.get("application.build.info")
				.gauge()
				.getId()
				.getTag("application.version")).isEqualTo("2.0.7");
		}
	}

	@Test
	void spansNameTheirServiceAfterTheApplicationOrUnknownServiceWithoutAName() {
		try (ConfigurableApplicationContext context = start(Application.class, "--spring.application.name=billing")) {
			assertThat(serviceName(context)).isEqualTo("billing");
		}
		try (ConfigurableApplicationContext context = start(Application.class)) {
			assertThat(serviceName(context)).isEqualTo("unknown_service");
		}
	}

	private static String serviceName(ConfigurableApplicationContext context) {
		Observation.createNotStarted("named", context.getBean(ObservationRegistry.class)).observe(() -> {
		});
		List<SpanData> spans = context.getBean(CapturedSpans.class).exporter().getFinishedSpanItems();
		assertThat(spans).isNotEmpty();
		return spans.get(0).getResource().getAttribute(AttributeKey.stringKey("service.name"));
	}

	private static ConfigurableApplicationContext start(Class<?> application, String... args) {
		String[] all = new String[args.length + 3];
		all[0] = "--management.tracing.sampling.probability=1.0";
		all[1] = "--spring.main.banner-mode=off";
		all[2] = "--management.otlp.metrics.export.enabled=false";
		System.arraycopy(args, 0, all, 3, args.length);
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE).run(all);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(CapturedSpansConfiguration.class)
	static class Application {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Application.class)
	static class WithBuildInfo {

		@Bean
		BuildProperties buildProperties() {
			Properties build = new Properties();
			build.setProperty("version", "1.4.2");
			return new BuildProperties(build);
		}

	}

}
