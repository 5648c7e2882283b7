package dev.observability.starter.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class ObservabilityPropertiesFailureAnalyzerTests {

	@Test
	void startupFailureNamesThePropertyTheValueAndWhatIsAllowed(CapturedOutput output) {
		SpringApplication application = new SpringApplication(SampleConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(
				() -> application.run("--observability.sample-area.max-items=0", "--spring.main.banner-mode=off"));
		assertThat(output).contains("Invalid observability configuration:")
			.contains("Property: observability.sample-area.max-items")
			.contains("Value: \"0\"")
			.contains("Allowed: must be between 1 and 100")
			.contains("Change observability.sample-area.max-items to an allowed value");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SampleAreaProperties.class)
	static class SampleConfiguration {

	}

	@ConfigurationProperties("observability.sample-area")
	static class SampleAreaProperties implements Validator {

		private int maxItems = 10;

		public int getMaxItems() {
			return this.maxItems;
		}

		public void setMaxItems(int maxItems) {
			this.maxItems = maxItems;
		}

		@Override
		public boolean supports(Class<?> type) {
			return SampleAreaProperties.class.isAssignableFrom(type);
		}

		@Override
		public void validate(Object target, Errors errors) {
			if (this.maxItems < 1 || this.maxItems > 100) {
				errors.rejectValue("maxItems", "range", "must be between 1 and 100");
			}
		}

	}

}
