package dev.observability.starter.redis;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Tracer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.CardinalityGuard;
import dev.observability.starter.core.GuardedConvention;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.LeanPathDecision;
import dev.observability.starter.core.OperationMeters;
import dev.observability.starter.redis.RedisObservationDocumentation.LowCardinalityKeyNames;

/**
 * Everything the Redis hook of one application context needs, resolved on the first
 * command (after every bean exists): the path commands take, the tracer and meters of the
 * lean path, the convention of the Observation path, key patterns, the statement builder,
 * and the descriptors of each server.
 */
final class RedisInstrumentation {

	private static final Log logger = LogFactory.getLog(RedisInstrumentation.class);

	private static final int MAX_CUSTOM_COMMANDS = 100;

	final ObservationRegistry registry;

	final HookFailures failures;

	final @Nullable ObservationConvention<RedisCommandContext> convention;

	final LeanPathDecision decision;

	final LeanPathDecision.Path path;

	final @Nullable Tracer tracer;

	final @Nullable OperationMeters meters;

	final boolean exceptionMessages;

	final boolean rootSpans;

	final RedisKeyPatterns patterns;

	final @Nullable RedisStatements statements;

	private final String namespace;

	private final CardinalityGuard operations;

	private final ConcurrentMap<SocketAddress, RedisCommandDescriptors> servers = new ConcurrentHashMap<>();

	RedisInstrumentation(ObservationRegistry registry, HookFailures failures,
			@Nullable RedisObservationConvention convention, @Nullable Tracer tracer,
			@Nullable MeterRegistry meterRegistry, RedisObservabilityProperties properties, String namespace,
			boolean exceptionMessages) {
		this.registry = registry;
		this.failures = failures;
		this.convention = GuardedConvention.of(convention, DefaultRedisObservationConvention.INSTANCE, failures,
				RedisCommandTracing.HOOK);
		this.tracer = tracer;
		this.meters = (meterRegistry != null) ? new OperationMeters(meterRegistry, false) : null;
		this.exceptionMessages = exceptionMessages;
		this.rootSpans = properties.isRootSpans();
		this.patterns = RedisKeyPatterns.of(properties.getKeyPatterns());
		this.statements = properties.getStatement().isEnabled()
				? new RedisStatements(properties.getStatement().isKeys()) : null;
		this.namespace = namespace;
		this.operations = new CardinalityGuard(RedisObservationDocumentation.COMMAND.getName(),
				LowCardinalityKeyNames.DB_OPERATION_NAME.asString(), MAX_CUSTOM_COMMANDS, meterRegistry);
		LeanPathDecision decision = decide(registry, convention, tracer, properties);
		this.decision = decision;
		this.path = decision.getPath();
		logger.debug("Redis commands " + decision);
	}

	/**
	 * The descriptors of the commands sent to a server.
	 * @param address the server's address, or {@code null} when unknown
	 * @return the descriptors
	 */
	RedisCommandDescriptors descriptors(@Nullable SocketAddress address) {
		SocketAddress key = (address != null) ? address : UnknownAddress.INSTANCE;
		RedisCommandDescriptors descriptors = this.servers.get(key);
		return (descriptors != null) ? descriptors : this.servers.computeIfAbsent(key, this::newDescriptors);
	}

	private RedisCommandDescriptors newDescriptors(SocketAddress address) {
		String host = "unknown";
		int port = 0;
		if (address instanceof InetSocketAddress inet) {
			host = inet.getHostString();
			port = inet.getPort();
		}
		else if (address != UnknownAddress.INSTANCE) {
			host = address.toString();
		}
		return new RedisCommandDescriptors(host, port, this.namespace, this.patterns, this.operations);
	}

	private LeanPathDecision decide(ObservationRegistry registry, @Nullable RedisObservationConvention convention,
			@Nullable Tracer tracer, RedisObservabilityProperties properties) {
		LeanPathDecision unmet = LeanPathDecision.prerequisites(properties.isLeanPath(),
				RedisObservabilityProperties.PREFIX + ".lean-path", convention, tracer);
		if (unmet != null) {
			return unmet;
		}
		return LeanPathDecision.decide(registry, RedisObservationDocumentation.COMMAND.getName(),
				() -> new RedisCommandContext(descriptors(null).of(CommandType.PING, RedisCommandDescriptors.NO_KEY),
						null));
	}

	/**
	 * Stands for a server whose address the connection did not tell.
	 */
	private static final class UnknownAddress extends SocketAddress {

		static final UnknownAddress INSTANCE = new UnknownAddress();

		private static final long serialVersionUID = 1L;

	}

}
