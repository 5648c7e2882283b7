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

}
