package dev.observability.starter.jdbc;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.observability.starter.core.CapturedSpansConfiguration.CapturedSpans;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.jdbc.AbstractStatementPathsTests.PathsApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's convention or handler that throws while a statement observation starts or
 * stops leaves nothing behind, on Boot's production wiring with the long-task timer on:
 * the query returns its rows, no "active" sample stays open, every span is ended, and the
 * failure is counted.
 */
class StatementLifecycleFailureTests {

	private static final int STATEMENTS = 500;

	@Test
	void conventionThrowingAtStart() {
		assertNothingLeaks(ThrowingNameConfiguration.class);
	}

	@Test
	void conventionThrowingAtStop() {
		assertNothingLeaks(ThrowingAtStopConventionConfiguration.class);
	}

	@Test
	void handlerThrowingAtStart() {
		assertNothingLeaks(ThrowingHandlerConfiguration.class, "--test.throw-on=start");
	}

	@Test
	void handlerThrowingAtStop() {
		assertNothingLeaks(ThrowingHandlerConfiguration.class, "--test.throw-on=stop");
	}

	private void assertNothingLeaks(Class<?> userConfiguration, String... extraArgs) {
		String[] args = concat(extraArgs, "--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID(),
				"--management.tracing.sampling.probability=1.0", "--spring.main.banner-mode=off",
				"--management.otlp.metrics.export.enabled=false", "--observability.jdbc.long-task-timer=true");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PathsApplication.class,
				userConfiguration)
			.web(WebApplicationType.NONE)
			.run(args)) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CapturedSpans spans = context.getBean(CapturedSpans.class);
			spans.exporter().reset();
			for (int i = 0; i < STATEMENTS; i++) {
				assertThat(jdbc.queryForObject("SELECT ?", Integer.class, i)).isEqualTo(i);
			}
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get(JdbcObservationDocumentation.STATEMENT.getName() + ".active")
				.longTaskTimers()
				.stream()
				.mapToInt((timer) -> timer.activeTasks())
				.sum()).isZero();
			assertThat(spans.exporter().getFinishedSpanItems()).hasSize(STATEMENTS);
			assertThat(context.getBean(HookFailures.class).count(StatementRecorder.HOOK))
				.isGreaterThanOrEqualTo(STATEMENTS);
		}
	}

	private static String[] concat(String[] first, String... second) {
		String[] all = new String[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingNameConfiguration {

		@Bean
		JdbcObservationConvention throwingNameConvention() {
			return new DefaultJdbcObservationConvention() {

				@Override
				public String getContextualName(JdbcContext context) {
					throw new IllegalStateException("broken name");
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingAtStopConventionConfiguration {

		@Bean
		JdbcObservationConvention throwingAtStopConvention() {
			Set<JdbcContext> started = ConcurrentHashMap.newKeySet();
			return new DefaultJdbcObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(JdbcContext context) {
					if (!started.add(context)) {
						throw new IllegalStateException("broken at stop");
					}
					return super.getLowCardinalityKeyValues(context);
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingHandlerConfiguration {

		@Bean
		ObservationHandler<JdbcContext> throwingHandler(org.springframework.core.env.Environment environment) {
			boolean atStart = "start".equals(environment.getProperty("test.throw-on"));
			return new ObservationHandler<>() {

				@Override
				public void onStart(JdbcContext context) {
					if (atStart) {
						throw new IllegalStateException("broken handler at start");
					}
				}

				@Override
				public void onStop(JdbcContext context) {
					if (!atStart) {
						throw new IllegalStateException("broken handler at stop");
					}
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context instanceof JdbcContext;
				}

			};
		}

	}

}
