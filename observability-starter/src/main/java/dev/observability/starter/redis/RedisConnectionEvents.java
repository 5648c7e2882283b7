package dev.observability.starter.redis;

import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.redis.RedisMeterDocumentation.ConnectionEventKeyNames;

/**
 * Counts the connection events of every Lettuce {@link ClientResources} bean in
 * {@code observability.redis.connection.events}: a connection became usable, was lost,
 * and each attempt (and failure) to get it back. Subscribed when the bean is created, so
 * the first connection is counted too.
 */
final class RedisConnectionEvents implements BeanPostProcessor {

	static final String CONNECTED = "connected";

	static final String DISCONNECTED = "disconnected";

	static final String RECONNECT_ATTEMPT = "reconnect_attempt";

	static final String RECONNECT_FAILED = "reconnect_failed";

	private final ObjectProvider<MeterRegistry> registry;

	private final ObjectProvider<HookFailures> failures;

	RedisConnectionEvents(ObjectProvider<MeterRegistry> registry, ObjectProvider<HookFailures> failures) {
		this.registry = registry;
		this.failures = failures;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ClientResources resources) {
			try {
				resources.eventBus()
					.get()
					.subscribe(this::count, (ex) -> failures().record(RedisCommandTracing.HOOK, ex));
			}
			catch (RuntimeException | LinkageError ex) {
				failures().record(RedisCommandTracing.HOOK, ex);
			}
		}
		return bean;
	}

	private void count(Event event) {
		String name = nameOf(event);
		if (name == null) {
			return;
		}
		try {
			MeterRegistry registry = this.registry.getIfUnique();
			if (registry != null) {
				// Events are rare: the counter is looked up each time rather than cached,
				// so
				// that a registry whose meters were cleared gets it back.
				Counter.builder(RedisMeterDocumentation.CONNECTION_EVENTS.getName())
					.description(RedisMeterDocumentation.CONNECTION_EVENTS.getDescription())
					.tag(ConnectionEventKeyNames.EVENT.asString(), name)
					.register(registry)
					.increment();
			}
		}
		catch (RuntimeException | LinkageError ex) {
			failures().record(RedisCommandTracing.HOOK, ex);
		}
	}

	private static @Nullable String nameOf(Event event) {
		if (event instanceof ConnectionActivatedEvent) {
			return CONNECTED;
		}
		if (event instanceof ConnectionDeactivatedEvent) {
			return DISCONNECTED;
		}
		if (event instanceof ReconnectAttemptEvent) {
			return RECONNECT_ATTEMPT;
		}
		if (event instanceof ReconnectFailedEvent) {
			return RECONNECT_FAILED;
		}
		return null;
	}

	private HookFailures failures() {
		return this.failures.getIfAvailable(HookFailures::logOnly);
	}

}
