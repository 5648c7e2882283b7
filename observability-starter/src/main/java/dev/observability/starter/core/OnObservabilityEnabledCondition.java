package dev.observability.starter.core;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition behind {@link ConditionalOnObservabilityEnabled}. The area switch wins over
 * the global one, and the condition report names the property that decided.
 */
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
		Boolean areaEnabled = environment.getProperty(areaProperty, Boolean.class);
		if (areaEnabled != null) {
			return outcome(areaEnabled, message.because(areaProperty + " is " + areaEnabled));
		}
		Boolean globalEnabled = environment.getProperty(ObservabilitySwitches.GLOBAL_PROPERTY, Boolean.class);
		if (globalEnabled != null) {
			return outcome(globalEnabled,
					message.because(ObservabilitySwitches.GLOBAL_PROPERTY + " is " + globalEnabled));
		}
		return ConditionOutcome
			.match(message.because(areaProperty + " and " + ObservabilitySwitches.GLOBAL_PROPERTY + " are not set"));
	}

	private static ConditionOutcome outcome(boolean match, ConditionMessage message) {
		return match ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
	}

}
