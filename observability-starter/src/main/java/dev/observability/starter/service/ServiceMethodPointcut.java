package dev.observability.starter.service;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.annotation.Observed;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Service;
import org.springframework.util.ClassUtils;
import org.springframework.util.PatternMatchUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Selects the public methods of classes annotated with {@link Service} (directly or
 * through a meta-annotation) whose name passes the include and exclude patterns. Methods
 * or classes annotated with {@link Observed} are left to Micrometer's
 * {@code ObservedAspect}, and {@code equals}, {@code hashCode} and {@code toString} are
 * never observed. Evaluated once per class and method when proxies are created, never per
 * call.
 * <p>
 * A pattern without {@code *} is a package or class prefix: {@code com.example.billing}
 * matches {@code com.example.billing.InvoiceService} and classes in sub-packages, but not
 * {@code com.example.billingx.Foo}. A pattern with {@code *} is a glob over the fully
 * qualified class name, where {@code *} stands for any characters, dots included:
 * {@code com.example.*Service}, {@code *.internal.*}. An empty include list includes
 * every class; an exclude pattern wins over an include pattern.
 * <p>
 * A {@code final} class is never selected: the class-based proxy that carries the
 * observation is a subclass, and creating it would fail the application's startup. Such a
 * class is logged once at INFO so that its missing spans are explained.
 */
final class ServiceMethodPointcut extends StaticMethodMatcherPointcut implements ClassFilter {

	private static final Log logger = LogFactory.getLog(ServiceMethodPointcut.class);

	private final Set<String> reportedFinalClasses = ConcurrentHashMap.newKeySet();

	private final List<String> include;

	private final List<String> exclude;

	ServiceMethodPointcut(List<String> include, List<String> exclude) {
		this.include = List.copyOf(include);
		this.exclude = List.copyOf(exclude);
	}

	@Override
	public ClassFilter getClassFilter() {
		return this;
	}

	@Override
	public boolean matches(Class<?> type) {
		Class<?> userClass = ClassUtils.getUserClass(type);
		if (!AnnotatedElementUtils.hasAnnotation(userClass, Service.class)
				|| AnnotatedElementUtils.hasAnnotation(userClass, Observed.class)) {
			return false;
		}
		String name = userClass.getName();
		if (this.exclude.stream().anyMatch((pattern) -> matches(pattern, name))) {
			return false;
		}
		if (!this.include.isEmpty() && this.include.stream().noneMatch((pattern) -> matches(pattern, name))) {
			return false;
		}
		if (Modifier.isFinal(userClass.getModifiers())) {
			reportFinalClass(name);
			return false;
		}
		return true;
	}

	private void reportFinalClass(String name) {
		if (this.reportedFinalClasses.add(name) && logger.isInfoEnabled()) {
			logger.info("Service class " + name + " is final, so its methods are not observed: a final class "
					+ "cannot be subclassed by a class-based proxy. Remove 'final' from the class, or make it "
					+ "a non-final implementation of an interface, to get its service spans.");
		}
	}

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		if (!Modifier.isPublic(method.getModifiers()) || Modifier.isStatic(method.getModifiers())
				|| method.getDeclaringClass() == Object.class || ReflectionUtils.isEqualsMethod(method)
				|| ReflectionUtils.isHashCodeMethod(method) || ReflectionUtils.isToStringMethod(method)) {
			return false;
		}
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		return !AnnotatedElementUtils.hasAnnotation(specific, Observed.class)
				&& !AnnotatedElementUtils.hasAnnotation(method, Observed.class);
	}

	static boolean matches(String pattern, String className) {
		if (pattern.indexOf('*') >= 0) {
			return PatternMatchUtils.simpleMatch(pattern, className);
		}
		return className.equals(pattern) || className.startsWith(pattern + ".") || className.startsWith(pattern + "$");
	}

}
