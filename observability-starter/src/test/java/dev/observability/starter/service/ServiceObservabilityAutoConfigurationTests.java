package dev.observability.starter.service;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.ObservabilityAutoConfiguration;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Service;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ServiceObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservabilityAutoConfiguration.class,
				ServiceObservabilityAutoConfiguration.class))
		.withUserConfiguration(GreetingConfiguration.class)
		.withClassLoader(new FilteredClassLoader("org.aspectj"));

	@Test
	void observesServiceMethodsWithoutAspectJOrAnyOtherAutoProxyCreator() {
		this.runner.run((context) -> {
			GreetingService service = context.getBean(GreetingService.class);
			assertThat(AopUtils.isCglibProxy(service)).isTrue();
			assertThat(service.greet("Ada")).isEqualTo("Hello Ada");
			assertThat(context.getBean(TestObservationRegistry.class)).hasSingleObservationThat()
				.hasNameEqualTo(ServiceObservationDocumentation.SERVICE_METHOD.getName())
				.hasContextualNameEqualTo("GreetingService.greet")
				.hasLowCardinalityKeyValue(
						ServiceObservationDocumentation.LowCardinalityKeyNames.CODE_FUNCTION_NAME.asString(),
						GreetingService.class.getName() + ".greet")
				.hasBeenStopped();
		});
	}

	@Test
	void backsOffWhenServiceIsSwitchedOff() {
		this.runner.withPropertyValues("observability.service.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ServiceObservationAdvisor.class);
			assertThat(AopUtils.isAopProxy(context.getBean(GreetingService.class))).isFalse();
		});
	}

	@Test
	void backsOffWhenObservabilityIsSwitchedOffGlobally() {
		this.runner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServiceObservationAdvisor.class));
	}

	@Test
	void backsOffWithoutMicrometerObservation() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ServiceObservationAdvisor.class));
	}

	@Test
	void keepsAnAdvisorTheUserDeclared() {
		this.runner.withUserConfiguration(UserAdvisorConfiguration.class)
			.run((context) -> assertThat(context).getBean(ServiceObservationAdvisor.class)
				.isSameAs(context.getBean("userAdvisor")));
	}

	@Test
	void usesAConventionTheUserDeclared() {
		this.runner.withBean(ServiceObservationConvention.class, () -> new DefaultServiceObservationConvention() {

			@Override
			public String getContextualName(ServiceMethodContext context) {
				return "custom " + context.getMethod().getName();
			}

		}).run((context) -> {
			context.getBean(GreetingService.class).greet("Ada");
			assertThat(context.getBean(TestObservationRegistry.class)).hasSingleObservationThat()
				.hasContextualNameEqualTo("custom greet");
		});
	}

	@Test
	void letsTheCallProceedWhenTheConventionThrowsWhileStarting() {
		assertCallProceedsWithConventionFailingFromCall(1);
	}

	@Test
	void letsTheCallProceedWhenTheConventionThrowsWhileStopping() {
		assertCallProceedsWithConventionFailingFromCall(2);
	}

	private void assertCallProceedsWithConventionFailingFromCall(int failingCall) {
		AtomicInteger calls = new AtomicInteger();
		this.runner.withBean(ServiceObservationConvention.class, () -> new DefaultServiceObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(ServiceMethodContext context) {
				if (calls.incrementAndGet() >= failingCall) {
					throw new IllegalStateException("broken convention");
				}
				return super.getLowCardinalityKeyValues(context);
			}

		}).run((context) -> {
			assertThat(context.getBean(GreetingService.class).greet("Ada")).isEqualTo("Hello Ada");
			assertThat(calls).as("the convention is asked once at start and once at stop").hasValue(2);
			assertThat(context.getBean(HookFailures.class).count(ServiceObservationInterceptor.HOOK))
				.isEqualTo(3 - failingCall);
			assertThat(context.getBean(TestObservationRegistry.class)).hasSingleObservationThat()
				.as("the default convention stands in, so the observation is still recorded and ended")
				.hasBeenStarted()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("code.function.name", GreetingService.class.getName() + ".greet");
		});
	}

	@Test
	void bindsEveryProperty() {
		this.runner
			.withPropertyValues("observability.service.include=com.example,*Service",
					"observability.service.exclude=com.example.internal", "observability.service.long-task-timer=true",
					"observability.service.lean-path=false")
			.run((context) -> {
				ServiceObservabilityProperties properties = context.getBean(ServiceObservabilityProperties.class);
				assertThat(properties.getInclude()).containsExactly("com.example", "*Service");
				assertThat(properties.getExclude()).containsExactly("com.example.internal");
				assertThat(properties.isLongTaskTimer()).isTrue();
				assertThat(properties.isLeanPath()).isFalse();
			});
	}

	@Test
	void leavesExcludedServicesUnproxied() {
		this.runner.withPropertyValues("observability.service.exclude=" + GreetingService.class.getName())
			.run((context) -> assertThat(AopUtils.isAopProxy(context.getBean(GreetingService.class))).isFalse());
	}

	@Test
	void leavesAFinalServiceClassUnproxiedAndSaysSoOnce(CapturedOutput output) {
		this.runner.withBean("firstFinalService", FinalGreetingService.class, FinalGreetingService::new)
			.withBean("secondFinalService", FinalGreetingService.class, FinalGreetingService::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				FinalGreetingService finalService = context.getBean("firstFinalService", FinalGreetingService.class);
				assertThat(AopUtils.isAopProxy(finalService)).isFalse();
				assertThat(finalService.greet("Ada")).isEqualTo("Hi Ada");
				assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
				context.getBean(GreetingService.class).greet("Ada");
				assertThat(context.getBean(TestObservationRegistry.class)).hasSingleObservationThat()
					.hasContextualNameEqualTo("GreetingService.greet");
			});
		assertThat(output.getAll()
			.lines()
			.filter((logged) -> logged.contains("Service class " + FinalGreetingService.class.getName()
					+ " is final, so its methods are not observed")))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("INFO")
			.contains("Remove 'final'");
	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingConfiguration {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

		@Bean
		GreetingService greetingService() {
			return new GreetingService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserAdvisorConfiguration {

		@Bean
		ServiceObservationAdvisor userAdvisor() {
			return new ServiceObservationAdvisor(java.util.List.of("nothing.matches"), java.util.List.of(),
					new ServiceObservationInterceptor(ObservationRegistry::create, () -> null, HookFailures::logOnly));
		}

	}

	@Service
	public static class GreetingService {

		public String greet(String name) {
			return "Hello " + name;
		}

	}

	@Service
	public static final class FinalGreetingService {

		public String greet(String name) {
			return "Hi " + name;
		}

	}

}
