package dev.observability.starter.core;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Global switch of the starter. Each integration has its own
 * {@code observability.<area>.enabled} switch, which wins over this one when set.
 *
 * @see ConditionalOnObservabilityEnabled
 */
@ConfigurationProperties("observability")
public class ObservabilityProperties {

	/**
	 * Whether the starter instruments anything at all; an integration's own enabled
	 * property overrides this for that integration.
	 */
	private boolean enabled = true;

	/**
	 * Whether spans record the message and stack trace of a failure. By default only the
	 * exception's type is recorded: database and framework messages contain SQL literals,
	 * row values and URLs.
	 */
	private boolean recordExceptionMessages;

	/**
	 * What to do at startup with a property under observability.* that the starter does
	 * not know (a misspelled key): warn, naming the closest known property; fail startup;
	 * or ignore it.
	 */
	private UnknownProperties unknownProperties = UnknownProperties.WARN;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isRecordExceptionMessages() {
		return this.recordExceptionMessages;
	}

	public void setRecordExceptionMessages(boolean recordExceptionMessages) {
		this.recordExceptionMessages = recordExceptionMessages;
	}

	public UnknownProperties getUnknownProperties() {
		return this.unknownProperties;
	}

	public void setUnknownProperties(UnknownProperties unknownProperties) {
		this.unknownProperties = unknownProperties;
	}

	/**
	 * What to do with an unknown property under {@code observability.*}.
	 */
	public enum UnknownProperties {

		/**
		 * Log a warning per unknown property, naming the closest known one.
		 */
		WARN,

		/**
		 * Fail startup, naming each unknown property and the closest known one.
		 */
		FAIL,

		/**
		 * Say nothing.
		 */
		IGNORE

	}

}
