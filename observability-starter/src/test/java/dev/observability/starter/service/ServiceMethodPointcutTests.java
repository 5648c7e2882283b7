package dev.observability.starter.service;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;
import java.util.List;

import io.micrometer.observation.annotation.Observed;
import org.junit.jupiter.api.Test;

import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceMethodPointcutTests {

	private final ServiceMethodPointcut all = new ServiceMethodPointcut(List.of(), List.of());

	@Test
	void selectsServicesAnnotatedDirectlyOrThroughAMetaAnnotation() {
		assertThat(this.all.matches(PlainService.class)).isTrue();
		assertThat(this.all.matches(DomainAnnotatedService.class)).isTrue();
		assertThat(this.all.matches(PlainComponent.class)).isFalse();
	}

	@Test
	void leavesObservedClassesAndMethodsToObservedAspect() {
		assertThat(this.all.matches(ObservedService.class)).isFalse();
		assertThat(this.all.matches(method(PlainService.class, "observed"), PlainService.class)).isFalse();
	}

	@Test
	void selectsOnlyPublicBusinessMethods() {
		assertThat(this.all.matches(method(PlainService.class, "work"), PlainService.class)).isTrue();
		assertThat(this.all.matches(method(PlainService.class, "helper"), PlainService.class)).isFalse();
		assertThat(this.all.matches(method(PlainService.class, "toString"), PlainService.class)).isFalse();
		assertThat(this.all.matches(method(Object.class, "hashCode"), PlainService.class)).isFalse();
	}

	@Test
	void treatsAPatternWithoutStarAsAPackageOrClassPrefix() {
		assertThat(ServiceMethodPointcut.matches("com.example.billing", "com.example.billing.InvoiceService")).isTrue();
		assertThat(ServiceMethodPointcut.matches("com.example.billing", "com.example.billing.sub.TaxService")).isTrue();
		assertThat(ServiceMethodPointcut.matches("com.example.billing", "com.example.billingx.InvoiceService"))
			.isFalse();
		assertThat(ServiceMethodPointcut.matches("com.example.Outer", "com.example.Outer$Inner")).isTrue();
	}

	@Test
	void treatsAPatternWithStarAsAGlobOverTheClassName() {
		assertThat(ServiceMethodPointcut.matches("com.example.*Service", "com.example.sub.TaskService")).isTrue();
		assertThat(ServiceMethodPointcut.matches("*.internal.*", "com.example.internal.Audit")).isTrue();
		assertThat(ServiceMethodPointcut.matches("com.example.*Service", "com.example.TaskRepository")).isFalse();
	}

	@Test
	void letsExcludeWinOverInclude() {
		String name = PlainService.class.getName();
		ServiceMethodPointcut pointcut = new ServiceMethodPointcut(List.of(name), List.of(name));
		assertThat(pointcut.matches(PlainService.class)).isFalse();
		assertThat(new ServiceMethodPointcut(List.of(name), List.of()).matches(PlainService.class)).isTrue();
		assertThat(new ServiceMethodPointcut(List.of("com.other"), List.of()).matches(PlainService.class)).isFalse();
	}

	@Test
	void skipsFinalServiceClassesThatNoClassBasedProxyCanExtend() {
		assertThat(this.all.matches(FinalService.class)).isFalse();
		assertThat(this.all.matches(PlainService.class)).isTrue();
	}

	private static Method method(Class<?> type, String name) {
		return ReflectionUtils.findMethod(type, name);
	}

	@Retention(RetentionPolicy.RUNTIME)
	@Service
	@interface DomainService {

	}

	@Service
	static class PlainService {

		public void work() {
		}

		@Observed
		public void observed() {
		}

		void helper() {
		}

		@Override
		public String toString() {
			return "PlainService";
		}

	}

	@DomainService
	static class DomainAnnotatedService {

	}

	@Service
	@Observed
	static class ObservedService {

	}

	@Service
	static final class FinalService {

	}

	@Component
	static class PlainComponent {

	}

}
