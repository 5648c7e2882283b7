package dev.observability.starter.core;

import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Puts an integration's {@link LeanPathDecision} in Boot's condition evaluation report
 * (the {@code debug=true} startup report and the actuator's {@code conditions} endpoint),
 * as {@code <auto-configuration>#leanPath}: matched on the lean path, not matched on the
 * Observation path or when the integration records nothing, with the reason. The decision
 * needs the observation registry as the application configured it, so it is taken once
 * every singleton exists, before the report is logged; no condition could take it while
 * the auto-configuration is evaluated.
 */
public final class LeanPathReport implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(LeanPathReport.class);

	private static final Condition CONDITION = new LeanPathCondition();

	private final ConfigurableListableBeanFactory beanFactory;

	private final String source;

	private final Supplier<@Nullable LeanPathDecision> decision;

	/**
	 * Create a report entry.
	 * @param beanFactory the application's bean factory
	 * @param autoConfiguration the integration's auto-configuration
	 * @param decision takes (or returns) the integration's decision, {@code null} when
	 * the integration's hook is not the starter's
	 */
	public LeanPathReport(ConfigurableListableBeanFactory beanFactory, Class<?> autoConfiguration,
			Supplier<@Nullable LeanPathDecision> decision) {
		this.beanFactory = beanFactory;
		this.source = autoConfiguration.getName() + "#leanPath";
		this.decision = decision;
	}

	@Override
	public void afterSingletonsInstantiated() {
		try {
			LeanPathDecision decision = this.decision.get();
			if (decision != null) {
				ConditionEvaluationReport.get(this.beanFactory)
					.recordConditionEvaluation(this.source, CONDITION, outcome(decision));
			}
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Cannot report the path of " + this.source, ex);
		}
	}

	static ConditionOutcome outcome(LeanPathDecision decision) {
		return switch (decision.getPath()) {
			case LEAN -> ConditionOutcome.match("lean path: " + decision.getReason());
			case OBSERVATION -> ConditionOutcome.noMatch("Observation path: " + decision.getReason());
			case OFF -> ConditionOutcome.noMatch("not recorded: " + decision.getReason());
		};
	}

	/**
	 * Stands for the decision in the report, which names a condition beside each outcome.
	 */
	private static final class LeanPathCondition implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return true;
		}

	}

}
