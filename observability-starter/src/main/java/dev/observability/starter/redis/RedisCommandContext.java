package dev.observability.starter.redis;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.OperationDescriptor;

/**
 * What the Redis hook knows about one command, for the Observation path and for
 * {@link RedisObservationConvention}s.
 */
public class RedisCommandContext extends SenderContext<Object> {

	private static final Object NO_CARRIER = new Object();

	private final OperationDescriptor descriptor;

	private final @Nullable String statement;

	private @Nullable String errorType;

	/**
	 * Create a context.
	 * @param descriptor the command's descriptor (names, key values, meters)
	 * @param statement the masked statement, or {@code null} when statements are not
	 * recorded
	 */
	public RedisCommandContext(OperationDescriptor descriptor, @Nullable String statement) {
		super((carrier, key, value) -> {
		}, Kind.CLIENT);
		setCarrier(NO_CARRIER);
		this.descriptor = descriptor;
		this.statement = statement;
	}

	/**
	 * The command's name.
	 * @return the name, e.g. {@code GET}
	 */
	public String getCommand() {
		return this.descriptor.getSpanName();
	}

	public OperationDescriptor getDescriptor() {
		return this.descriptor;
	}

	/**
	 * The command with its values masked.
	 * @return the statement, or {@code null} when statements are not recorded
	 */
	public @Nullable String getStatement() {
		return this.statement;
	}

	/**
	 * The bounded type of the command's failure.
	 * @return the type, or {@code null} while the command has not failed
	 */
	public @Nullable String getErrorType() {
		return this.errorType;
	}

	public void setErrorType(@Nullable String errorType) {
		this.errorType = errorType;
	}

}
