package dev.observability.starter.redis;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.opentelemetry.api.trace.SpanKind;

import dev.observability.starter.core.CardinalityGuard;
import dev.observability.starter.core.OperationDescriptor;
import dev.observability.starter.redis.RedisObservationDocumentation.HighCardinalityKeyNames;
import dev.observability.starter.redis.RedisObservationDocumentation.LowCardinalityKeyNames;

/**
 * The descriptors of the commands sent to one Redis server: one per command and key
 * pattern slot, built on first use. A command of Lettuce's {@link CommandType} finds its
 * descriptor by array index; other commands (custom or raw ones) by name, their names
 * bounded by a {@link CardinalityGuard}.
 */
final class RedisCommandDescriptors {

	/**
	 * Slot of commands without a key.
	 */
	static final int NO_KEY = 0;

	/**
	 * Slot of commands whose key matched no pattern.
	 */
	static final int OTHER_KEY = 1;

	private static final int FIRST_PATTERN = 2;

	static final String REDIS = "redis";

	private static final String NONE = "none";

	private final String address;

	private final int port;

	private final String namespace;

	private final RedisKeyPatterns patterns;

	private final CardinalityGuard operations;

	private final int slots;

	private final OperationDescriptor[] known;

	private final ConcurrentMap<String, OperationDescriptor> others = new ConcurrentHashMap<>();

	RedisCommandDescriptors(String address, int port, String namespace, RedisKeyPatterns patterns,
			CardinalityGuard operations) {
		this.address = address;
		this.port = port;
		this.namespace = namespace;
		this.patterns = patterns;
		this.operations = operations;
		this.slots = patterns.size() + FIRST_PATTERN;
		this.known = new OperationDescriptor[CommandType.values().length * this.slots];
	}

	/**
	 * The slot of a key pattern.
	 * @param pattern the index of the pattern the key matched, or {@code -1}
	 * @return the slot
	 */
	static int slotOf(int pattern) {
		return (pattern < 0) ? OTHER_KEY : pattern + FIRST_PATTERN;
	}

	/**
	 * The descriptor of a command.
	 * @param type the command
	 * @param slot {@link #NO_KEY}, {@link #OTHER_KEY} or the slot of a pattern
	 * @return the descriptor
	 */
	OperationDescriptor of(ProtocolKeyword type, int slot) {
		if (type instanceof CommandType command) {
			int index = command.ordinal() * this.slots + slot;
			OperationDescriptor descriptor = this.known[index];
			if (descriptor == null) {
				// Racing threads may build it twice; both copies are equal and immutable.
				descriptor = build(command.name(), slot);
				this.known[index] = descriptor;
			}
			return descriptor;
		}
		String name = this.operations.admit(type.toString());
		return this.others.computeIfAbsent(name + ' ' + slot, (key) -> build(name, slot));
	}

	private OperationDescriptor build(String command, int slot) {
		return OperationDescriptor
			.builder(RedisObservationDocumentation.COMMAND.getName(), command, SpanKind.CLIENT,
					LowCardinalityKeyNames.ERROR_TYPE.asString())
			.lowCardinality(LowCardinalityKeyNames.DB_SYSTEM_NAME.asString(), REDIS)
			.lowCardinality(LowCardinalityKeyNames.DB_NAMESPACE.asString(), this.namespace)
			.lowCardinality(LowCardinalityKeyNames.DB_OPERATION_NAME.asString(), command)
			.lowCardinality(LowCardinalityKeyNames.DB_COLLECTION_NAME.asString(), collection(slot))
			.highCardinality(HighCardinalityKeyNames.SERVER_ADDRESS.asString(), this.address)
			.highCardinality(HighCardinalityKeyNames.SERVER_PORT.asString(), this.port)
			.build();
	}

	private String collection(int slot) {
		return switch (slot) {
			case NO_KEY -> NONE;
			case OTHER_KEY -> CardinalityGuard.OVERFLOW;
			default -> this.patterns.name(slot - FIRST_PATTERN);
		};
	}

}
