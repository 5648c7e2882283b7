package dev.observability.starter.core;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.logging.ConditionEvaluationReportMessage;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalOnObservabilityEnabledTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(JdbcAreaConfiguration.class);

	@Test
	void aSwitchThatIsNotABooleanFailsStartupNamingPropertyValueAndWhatIsAllowed() {
		this.contextRunner.withPropertyValues("observability.jdbc.enabled=maybe")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property observability.jdbc.enabled with value 'maybe' is invalid")
				.hasMessageContaining("must be true or false"));
	}

	@Test
	void theTraceLogSwitchThatIsNotABooleanFailsStartupTooThoughTheLogIsOffByDefault() {
		new ApplicationContextRunner()
			.withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations
				.of(dev.observability.starter.tracelog.TraceLogAutoConfiguration.class))
			.withPropertyValues("observability.trace-log.enabled=maybe")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("observability.trace-log.enabled")
				.hasMessageContaining("must be true or false"));
	}

	@Test
	void matchesWhenNothingIsSet() {
		this.contextRunner.run((context) -> assertThat(context).hasBean("jdbcMarker"));
	}

	@Test
	void backsOffWhenTheGlobalSwitchIsOff() {
		this.contextRunner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("jdbcMarker"));
	}

	@Test
	void backsOffWhenTheAreaSwitchIsOff() {
		this.contextRunner.withPropertyValues("observability.jdbc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("jdbcMarker"));
	}

	@Test
	void areaSwitchWinsOverTheGlobalSwitch() {
		this.contextRunner.withPropertyValues("observability.enabled=false", "observability.jdbc.enabled=true")
			.run((context) -> assertThat(context).hasBean("jdbcMarker"));
	}

	@Test
	void conditionReportNamesThePropertyThatDecided() {
		this.contextRunner.withPropertyValues("observability.jdbc.enabled=false").run((context) -> {
			String report = new ConditionEvaluationReportMessage(
					ConditionEvaluationReport.get(context.getBeanFactory()))
				.toString();
			assertThat(report).contains("observability.jdbc.enabled is false");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnObservabilityEnabled("jdbc")
	static class JdbcAreaConfiguration {

		@Bean
		String jdbcMarker() {
			return "jdbc";
		}

	}

}
