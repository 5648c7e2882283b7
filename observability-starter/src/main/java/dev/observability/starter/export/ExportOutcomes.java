package dev.observability.starter.export;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * When exports of one signal last succeeded and failed, and the last failure's error (an
 * exception class name or a status: never data, headers or tokens), for the
 * {@code telemetry} health contributor.
 */
final class ExportOutcomes {

	private volatile @Nullable Instant lastSuccess;

	private volatile @Nullable Instant lastFailure;

	private volatile @Nullable String lastError;

	void succeeded() {
		this.lastSuccess = Instant.now();
	}

	void failed(String error) {
		this.lastFailure = Instant.now();
		this.lastError = error;
	}

	/**
	 * Whether the last export failed.
	 * @return {@code true} when a failure came after the last success
	 */
	boolean isFailing() {
		Instant failure = this.lastFailure;
		Instant success = this.lastSuccess;
		return failure != null && (success == null || failure.isAfter(success));
	}

	@Nullable Instant lastSuccess() {
		return this.lastSuccess;
	}

	@Nullable Instant lastFailure() {
		return this.lastFailure;
	}

	@Nullable String lastError() {
		return this.lastError;
	}

}
