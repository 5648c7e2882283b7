package dev.observability.starter.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class ServiceObservabilityPropertiesTests {

	@Test
	void failsStartupOnAnExcludePatternThatIsNoClassNamePattern(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(PropertiesConfiguration.class).web(WebApplicationType.NONE)
				.run("--observability.service.exclude=com.example.*,com/example")
				.close());
		assertThat(output).contains("Property: observability.service.exclude",
				"Allowed: must list class name patterns made of Java identifier characters, '.', '$' and '*', "
						+ "but has 'com/example'");
	}

	@Test
	void acceptsPrefixesGlobsAndNestedClassNames() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PropertiesConfiguration.class)
			.web(WebApplicationType.NONE)
			.run("--observability.service.include=com.example,*Service", "--observability.service.exclude=*$Inner")) {
			ServiceObservabilityProperties properties = context.getBean(ServiceObservabilityProperties.class);
			assertThat(properties.getInclude()).containsExactly("com.example", "*Service");
			assertThat(properties.getExclude()).containsExactly("*$Inner");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ServiceObservabilityProperties.class)
	static class PropertiesConfiguration {

	}

}
