package dev.observability.starter.redis;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.observability.starter.core.CapturedSpansConfiguration;
import dev.observability.starter.core.OpenSpans;
import dev.observability.starter.core.CapturedSpansConfiguration.CapturedSpans;

/**
 * A Boot application with every auto-configuration on the test class path (Boot's Redis,
 * tracing and metrics wiring and the starter's), talking to a real redis-server.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(CapturedSpansConfiguration.class)
class RedisTestApplication {

	/**
	 * Start the application against a server.
	 * @param port the server's port
	 * @param extraArgs more command-line properties
	 * @return the running context
	 */
	static ConfigurableApplicationContext run(int port, String... extraArgs) {
		return run(RedisTestApplication.class, port, extraArgs);
	}

	static ConfigurableApplicationContext run(Class<?> application, int port, String... extraArgs) {
		List<String> args = new ArrayList<>(List.of("--spring.data.redis.port=" + port,
				"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.timeout=2s",
				"--management.tracing.sampling.probability=1.0", "--spring.main.banner-mode=off",
				"--management.otlp.metrics.export.enabled=false", "--spring.application.name=redis-test"));
		for (String extra : extraArgs) {
			// A property given twice on the command line becomes a list: the test's wins.
			String key = extra.substring(0, extra.indexOf('=') + 1);
			args.removeIf((arg) -> arg.startsWith(key));
			args.add(extra);
		}
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE).run(args.toArray(String[]::new));
	}

	/**
	 * Run work inside a span named {@code scenario} and return every span finished since
	 * the exporter was last reset.
	 */
	static List<SpanData> inScenario(ConfigurableApplicationContext context, Runnable work) {
		InMemorySpanExporter spans = spans(context);
		Observation.createNotStarted("scenario", context.getBean(ObservationRegistry.class)).observe(work);
		return ended(context);
	}

	/**
	 * Every span finished since the exporter was last reset, once no span is open.
	 */
	static List<SpanData> ended(ConfigurableApplicationContext context) {
		// A command's span ends on Lettuce's I/O thread, which may complete the command's
		// future (and so release the caller) before it ends the span.
		context.getBean(OpenSpans.class).awaitNone();
		return spans(context).getFinishedSpanItems();
	}

	@Bean
	OpenSpans openSpans() {
		return new OpenSpans();
	}

	static InMemorySpanExporter spans(ConfigurableApplicationContext context) {
		return context.getBean(CapturedSpans.class).exporter();
	}

}
