package dev.observability.starter.redis;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandArgsAccessor;
import io.lettuce.core.protocol.CompleteableCommand;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.TraceContextProvider;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.TracerProvider;
import io.lettuce.core.tracing.Tracing;
import io.lettuce.core.RedisCommandExecutionException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.observability.starter.core.GuardedObservation;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.LeanOperation;
import dev.observability.starter.core.LeanPathDecision;
import dev.observability.starter.core.OperationDescriptor;
import dev.observability.starter.core.SuppressedWork;
import dev.observability.starter.redis.RedisObservationDocumentation.HighCardinalityKeyNames;

/**
 * The Redis hook: Lettuce's tracing SPI, set on the client resources in place of Spring
 * Boot's. Lettuce asks {@link #initialTraceContextProvider()} for the parent of every
 * command on the thread that issues it (for a reactive command, the thread that
 * subscribes, or the observation its Reactor context carries), then starts a span through
 * {@link #getTracerProvider()} on its I/O thread when it writes the command, and the
 * command's completion ends it. One command is one CLIENT span under the span that issued
 * it and one {@code db.client.operation.duration} sample; pipelined and transactional
 * commands are recorded one by one as they are written.
 * <p>
 * On the lean path the span is started on the OpenTelemetry tracer with the descriptor's
 * prebuilt attributes and the captured context as parent; on the Observation path an
 * observation is started with the captured observation as parent. Commands issued while
 * {@link SuppressedWork} is active (actuator requests, such as the Redis health check)
 * are not recorded. Every step catches its own failures: a failure of the hook never
 * reaches the command.
 */
final class RedisCommandTracing implements Tracing, TracerProvider {

	static final String HOOK = "redis";

	private static final AttributeKey<String> STATEMENT = AttributeKey
		.stringKey(HighCardinalityKeyNames.DB_QUERY_TEXT.asString());

	private final Supplier<RedisInstrumentation> instrumentation;

	private final HookFailures unresolvedFailures = HookFailures.logOnly();

	private final CommandTracer tracer = new CommandTracer();

	private final ParentProvider parents = new ParentProvider();

	RedisCommandTracing(Supplier<RedisInstrumentation> instrumentation) {
		this.instrumentation = instrumentation;
	}

	@Override
	public TracerProvider getTracerProvider() {
		return this;
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

	@Override
	public TraceContextProvider initialTraceContextProvider() {
		return this.parents;
	}

	@Override
	public boolean isEnabled() {
		return true;
	}

	@Override
	public boolean includeCommandArgsInSpanTags() {
		return false;
	}

	@Override
	public Endpoint createEndpoint(SocketAddress socketAddress) {
		return new ServerEndpoint(socketAddress);
	}

	LeanPathDecision decision() {
		return this.instrumentation.get().decision;
	}

	private HookFailures failures() {
		try {
			return this.instrumentation.get().failures;
		}
		catch (RuntimeException | LinkageError ex) {
			return this.unresolvedFailures;
		}
	}

	/**
	 * The parent of a command, captured on the thread that issued it.
	 */
	static final class Parent implements TraceContext {

		/**
		 * A command that is not recorded at all.
		 */
		static final Parent SUPPRESSED = new Parent(null, null);

		/**
		 * A command issued with no current span: timed, exported as a span only when root
		 * spans are on.
		 */
		static final Parent NONE = new Parent(null, null);

		final @Nullable Context context;

		final @Nullable Observation observation;

		private Parent(@Nullable Context context, @Nullable Observation observation) {
			this.context = context;
			this.observation = observation;
		}

	}

	/**
	 * Captures the parent of each command where the application issues it.
	 */
	private final class ParentProvider implements TraceContextProvider {

		@Override
		public TraceContext getTraceContext() {
			if (SuppressedWork.isActive()) {
				return Parent.SUPPRESSED;
			}
			try {
				RedisInstrumentation instrumentation = RedisCommandTracing.this.instrumentation.get();
				switch (instrumentation.path) {
					case LEAN -> {
						Context context = Context.current();
						return Span.fromContext(context).getSpanContext().isValid() ? new Parent(context, null)
								: Parent.NONE;
					}
					case OBSERVATION -> {
						Observation observation = instrumentation.registry.getCurrentObservation();
						return (observation != null) ? new Parent(null, observation) : Parent.NONE;
					}
					default -> {
						return Parent.SUPPRESSED;
					}
				}
			}
			catch (RuntimeException | LinkageError ex) {
				failures().record(HOOK, ex);
				return Parent.SUPPRESSED;
			}
		}

		/**
		 * The parent of a reactive command, asked for where it is subscribed: the
		 * observation a reactive chain carries in its Reactor context (as WebFlux and
		 * {@code contextWrite} put it there), which holds even when the chain subscribes
		 * on another thread; otherwise what is current on the subscribing thread.
		 */
		@Override
		public Mono<TraceContext> getTraceContextLater() {
			return Mono.deferContextual((reactor) -> {
				Observation observation = reactor.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
				return Mono.justOrEmpty((observation != null) ? parentOf(observation) : getTraceContext());
			});
		}

		private TraceContext parentOf(Observation observation) {
			if (SuppressedWork.isActive()) {
				return Parent.SUPPRESSED;
			}
			try {
				RedisInstrumentation instrumentation = RedisCommandTracing.this.instrumentation.get();
				return switch (instrumentation.path) {
					case LEAN -> {
						TracingObservationHandler.TracingContext tracing = observation.getContextView()
							.get(TracingObservationHandler.TracingContext.class);
						io.micrometer.tracing.Span span = (tracing != null) ? tracing.getSpan() : null;
						yield (span != null) ? new Parent(Context.root().with(OtelSpan.toOtel(span)), null)
								: Parent.NONE;
					}
					case OBSERVATION -> new Parent(null, observation);
					default -> Parent.SUPPRESSED;
				};
			}
			catch (RuntimeException | LinkageError ex) {
				failures().record(HOOK, ex);
				return Parent.SUPPRESSED;
			}
		}

	}

	/**
	 * The server a connection talks to, with the descriptors of its commands.
	 */
	private final class ServerEndpoint implements Endpoint {

		private final @Nullable SocketAddress address;

		private volatile @Nullable RedisCommandDescriptors descriptors;

		ServerEndpoint(@Nullable SocketAddress address) {
			this.address = address;
		}

		RedisCommandDescriptors descriptors(RedisInstrumentation instrumentation) {
			RedisCommandDescriptors descriptors = this.descriptors;
			if (descriptors == null) {
				descriptors = instrumentation.descriptors(this.address);
				this.descriptors = descriptors;
			}
			return descriptors;
		}

	}

	private final class CommandTracer extends Tracer {

		@Override
		public Tracer.Span nextSpan() {
			return new CommandSpan(Parent.NONE);
		}

		@Override
		public Tracer.Span nextSpan(@Nullable TraceContext context) {
			if (context == Parent.SUPPRESSED) {
				return NoSpan.INSTANCE;
			}
			return new CommandSpan((context instanceof Parent parent) ? parent : Parent.NONE);
		}

	}

	/**
	 * One command between its write and its completion; it is its own completion
	 * callback.
	 */
	private final class CommandSpan extends QuietSpan implements BiConsumer<Object, Throwable> {

		private static final AtomicIntegerFieldUpdater<CommandSpan> ENDED = AtomicIntegerFieldUpdater
			.newUpdater(CommandSpan.class, "ended");

		private final Parent parent;

		private @Nullable ServerEndpoint endpoint;

		private @Nullable RedisCommand<?, ?, ?> command;

		private volatile @Nullable Object started;

		private volatile int ended;

		CommandSpan(Parent parent) {
			this.parent = parent;
		}

		@Override
		public Tracer.Span remoteEndpoint(Endpoint endpoint) {
			if (endpoint instanceof ServerEndpoint server) {
				this.endpoint = server;
			}
			return this;
		}

		@Override
		public Tracer.Span start(RedisCommand<?, ?, ?> command) {
			RedisInstrumentation instrumentation = null;
			try {
				if (!(command instanceof CompleteableCommand<?> completeable)) {
					return this;
				}
				instrumentation = RedisCommandTracing.this.instrumentation.get();
				ServerEndpoint server = this.endpoint;
				RedisCommandDescriptors descriptors = (server != null) ? server.descriptors(instrumentation)
						: instrumentation.descriptors(null);
				ProtocolKeyword type = command.getType();
				CommandArgs<?, ?> args = command.getArgs();
				OperationDescriptor descriptor = descriptors.of(type, slot(instrumentation.patterns, args));
				String statement = (instrumentation.statements != null)
						? instrumentation.statements.statement(type, args) : null;
				this.command = command;
				this.started = (instrumentation.path == LeanPathDecision.Path.LEAN)
						? startLean(instrumentation, descriptor, statement)
						: startObservation(instrumentation, descriptor, statement);
				onComplete(completeable);
			}
			catch (RuntimeException | LinkageError ex) {
				failures(instrumentation).record(HOOK, ex);
			}
			return this;
		}

		@SuppressWarnings({ "unchecked", "rawtypes" })
		private void onComplete(CompleteableCommand<?> command) {
			((CompleteableCommand) command).onComplete((BiConsumer) this);
			if (this.command != null && this.command.isDone()) {
				// Completed before the callback was registered (a command with no reply).
				accept(null, null);
			}
		}

		private LeanOperation startLean(RedisInstrumentation instrumentation, OperationDescriptor descriptor,
				@Nullable String statement) {
			Context context = this.parent.context;
			boolean span = context != null || instrumentation.rootSpans;
			Attributes extra = (statement != null) ? Attributes.of(STATEMENT, statement) : Attributes.empty();
			return LeanOperation.start(descriptor, span ? instrumentation.tracer : null, instrumentation.meters, extra,
					(context != null) ? context : Context.root());
		}

		private GuardedObservation startObservation(RedisInstrumentation instrumentation,
				OperationDescriptor descriptor, @Nullable String statement) {
			RedisCommandContext context = new RedisCommandContext(descriptor, statement);
			Observation observation = RedisObservationDocumentation.COMMAND.observation(instrumentation.convention,
					DefaultRedisObservationConvention.INSTANCE, () -> context, instrumentation.registry);
			if (this.parent.observation != null) {
				observation.parentObservation(this.parent.observation);
			}
			return GuardedObservation.start(observation, instrumentation.failures, HOOK);
		}

		/**
		 * Ends the command's recording when the command completes, whichever way.
		 */
		@Override
		public void accept(@Nullable Object result, @Nullable Throwable throwable) {
			if (!ENDED.compareAndSet(this, 0, 1)) {
				return;
			}
			Object started = this.started;
			this.started = null;
			RedisInstrumentation instrumentation = null;
			try {
				instrumentation = RedisCommandTracing.this.instrumentation.get();
				Throwable failure = throwable;
				String errorType = null;
				if (failure != null) {
					errorType = RedisErrorTypes.of(failure);
				}
				else {
					RedisCommand<?, ?, ?> command = this.command;
					CommandOutput<?, ?, ?> output = (command != null) ? command.getOutput() : null;
					String reply = (output != null) ? output.getError() : null;
					if (reply != null) {
						errorType = RedisErrorTypes.ofReply(reply);
						// The type only: the reply's text may quote the command's
						// arguments.
						failure = new RedisCommandExecutionException(errorType);
					}
				}
				if (started instanceof LeanOperation lean) {
					lean.end(instrumentation.meters, failure, errorType, instrumentation.exceptionMessages);
				}
				else if (started instanceof GuardedObservation observation) {
					stop(observation, failure, errorType);
				}
			}
			catch (RuntimeException | LinkageError ex) {
				failures(instrumentation).record(HOOK, ex);
			}
			finally {
				this.command = null;
			}
		}

		private void stop(GuardedObservation observation, @Nullable Throwable failure, @Nullable String errorType) {
			if (failure != null && observation.getObservation().getContext() instanceof RedisCommandContext context) {
				context.setErrorType(errorType);
				observation.error(failure);
			}
			observation.stop();
		}

		@Override
		public void finish() {
			accept(null, null);
		}

		private HookFailures failures(@Nullable RedisInstrumentation instrumentation) {
			return (instrumentation != null) ? instrumentation.failures : RedisCommandTracing.this.failures();
		}

	}

	/**
	 * The key pattern slot of a command's first key.
	 */
	static int slot(RedisKeyPatterns patterns, @Nullable CommandArgs<?, ?> args) {
		if (args == null || args.count() == 0) {
			return RedisCommandDescriptors.NO_KEY;
		}
		ByteBuffer key = CommandArgsAccessor.encodeFirstKey(args);
		if (key == null) {
			return RedisCommandDescriptors.NO_KEY;
		}
		return RedisCommandDescriptors.slotOf(patterns.match(key));
	}

	/**
	 * A Lettuce span that ignores what Lettuce tells every span: its name (the command
	 * names it), annotations around encoding, tags and errors (the command's completion
	 * reports them). It records nothing itself.
	 */
	private static class QuietSpan extends Tracer.Span {

		@Override
		public Tracer.Span start(RedisCommand<?, ?, ?> command) {
			return this;
		}

		@Override
		public Tracer.Span name(String name) {
			return this;
		}

		@Override
		public Tracer.Span annotate(String value) {
			return this;
		}

		@Override
		public Tracer.Span tag(String key, String value) {
			return this;
		}

		@Override
		public Tracer.Span error(Throwable throwable) {
			return this;
		}

		@Override
		public Tracer.Span remoteEndpoint(Endpoint endpoint) {
			return this;
		}

		@Override
		public void finish() {
		}

	}

	/**
	 * The span of a command that is not recorded.
	 */
	private static final class NoSpan extends QuietSpan {

		static final NoSpan INSTANCE = new NoSpan();

	}

}
