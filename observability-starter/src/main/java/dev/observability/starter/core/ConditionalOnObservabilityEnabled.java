package dev.observability.starter.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when an integration of the starter is switched on: the
 * {@code observability.<area>.enabled} property when it is set, otherwise
 * {@code observability.enabled}, otherwise {@code true}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnObservabilityEnabledCondition.class)
public @interface ConditionalOnObservabilityEnabled {

	/**
	 * Area of the integration, as it appears in its property prefix, for example
	 * {@code "jdbc"} for {@code observability.jdbc.enabled}.
	 * @return the area
	 */
	String value();

}
