package dev.observability.starter.export;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Sampling rules by request path, on top of Spring Boot's sampler
 * ({@code management.tracing.sampling.probability}).
 */
@ConfigurationProperties(SamplingProperties.PREFIX)
public class SamplingProperties implements Validator {

	/**
	 * Prefix of these properties.
	 */
	public static final String PREFIX = "observability.sampling";

	/**
	 * Probabilities for requests by path, tried in order; the first rule whose path
	 * matches decides whether a new trace is recorded. A request that carries a sampling
	 * decision of its caller (a traceparent header) follows it, and requests no rule
	 * matches use Boot's sampler.
	 */
	private List<Rule> rules = new ArrayList<>();

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	@Override
	public boolean supports(Class<?> clazz) {
		return SamplingProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		List<Rule> rules = ((SamplingProperties) target).rules;
		for (int i = 0; i < rules.size(); i++) {
			Rule rule = rules.get(i);
			if (rule.path == null || !rule.path.startsWith("/")) {
				errors.rejectValue("rules[" + i + "].path", "path",
						"must be an Ant-style path pattern starting with '/', e.g. /actuator/** or /api/reports/*");
			}
			if (!(rule.probability >= 0 && rule.probability <= 1)) {
				errors.rejectValue("rules[" + i + "].probability", "range",
						"must be a number from 0 (record none) to 1 (record all), e.g. 0.1");
			}
		}
	}

	/**
	 * A sampling rule.
	 */
	public static class Rule {

		/**
		 * Ant-style pattern of request paths, without the context path, such as
		 * /actuator/** or /api/reports/*.
		 */
		private @Nullable String path;

		/**
		 * Probability, from 0 to 1, that a new trace starting with a matching request is
		 * recorded.
		 */
		private double probability = 1.0;

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public double getProbability() {
			return this.probability;
		}

		public void setProbability(double probability) {
			this.probability = probability;
		}

	}

}
