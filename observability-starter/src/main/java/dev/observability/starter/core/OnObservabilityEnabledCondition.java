package dev.observability.starter.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition behind {@link ConditionalOnObservabilityEnabled}. The area switch wins over
 * the global one, and the condition report names the property that decided. It is
 * evaluated before Boot's property conditions, so that an invalid switch fails startup
 * even where another condition would have skipped the configuration first.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class OnObservabilityEnabledCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata
			.getAnnotationAttributes(ConditionalOnObservabilityEnabled.class.getName());
		String area = (String) attributes.get("value");
		String areaProperty = ObservabilitySwitches.areaProperty(area);
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnObservabilityEnabled.class,
				"(" + area + ")");
		Environment environment = context.getEnvironment();
		Boolean areaEnabled = switchValue(environment, areaProperty);
		if (areaEnabled != null) {
			return outcome(areaEnabled, message.because(areaProperty + " is " + areaEnabled));
		}
		Boolean globalEnabled = switchValue(environment, ObservabilitySwitches.GLOBAL_PROPERTY);
		if (globalEnabled != null) {
			return outcome(globalEnabled,
					message.because(ObservabilitySwitches.GLOBAL_PROPERTY + " is " + globalEnabled));
		}
		return ConditionOutcome
			.match(message.because(areaProperty + " and " + ObservabilitySwitches.GLOBAL_PROPERTY + " are not set"));
	}

	/**
	 * A switch's value; one that is not a boolean stops startup with Boot's message
	 * naming the property, its value and where it is set, rather than switching anything
	 * off silently.
	 */
	private static @Nullable Boolean switchValue(Environment environment, String property) {
		try {
			return environment.getProperty(property, Boolean.class);
		}
		catch (ConversionException ex) {
			throw new InvalidConfigurationPropertyValueException(property, environment.getProperty(property),
					"must be true or false");
		}
	}

	private static ConditionOutcome outcome(boolean match, ConditionMessage message) {
		return match ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
	}

}
