package dev.observability.benchmarks.boot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.protocol.TracedCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.Tracing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.embedded.RedisServer;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Cost of one Redis command in an application wired by Boot (see {@link BootApplication})
 * against a real redis-server on loopback: a {@code GET} through Spring Data's
 * {@code StringRedisTemplate} and Lettuce, inside a request span. With {@code mode=lean}
 * the starter records it on its lean path (the default); with {@code mode=observation}
 * through the Observation API ({@code observability.redis.lean-path=false}); with
 * {@code mode=boot} Boot's own Lettuce observation records it
 * ({@code observability.redis.boot-observation=true}); with {@code mode=off} nothing does
 * (the starter's Redis integration off and Boot's Lettuce observation excluded): the
 * plain command. The difference of the scores is the cost per command; the difference of
 * {@code gc.alloc.rate.norm} is the allocation per command (all threads, Lettuce's I/O
 * thread included). Commands are sent to a key that matches a configured key pattern, so
 * the pattern is matched on every command.
 * <p>
 * <p>
 * Over loopback the round trip (tens to hundreds of microseconds on a two-core machine,
 * scheduled between the benchmark thread, Lettuce's I/O thread and redis-server) varies
 * far more than the hook costs, so {@link #hook()} also measures the hook alone: the
 * calls Lettuce makes on the tracing of Boot's {@code ClientResources} bean for one
 * command (the parent captured where it is issued, the span started when it is written,
 * the command completed), on a real Lettuce command, with no network. With
 * {@code mode=off} Lettuce's tracing is disabled and only the command is created and
 * completed, as Lettuce does then.
 * <p>
 * Run (one context per parameter value, one thread):
 * {@code java -jar benchmarks/target/benchmarks.jar BootRedisCommandBenchmark -f 2 -wi 5 -i 5 -w 2 -r 2 -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BootRedisCommandBenchmark {

	static final int COMMANDS_PER_REQUEST = 20;

	private static final String LETTUCE_OBSERVATION = "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration";

	/**
	 * How commands are recorded: {@code lean}, {@code observation}, {@code boot} or
	 * {@code off}.
	 */
	@Param({ "lean", "observation", "boot", "off" })
	public String mode;

	private RedisServer server;

	private BootApplication application;

	private StringRedisTemplate redis;

	private int id;

	private Tracing tracing;

	private Tracing.Endpoint endpoint;

	private final String[] keys = new String[64];

	@Setup
	public void setUp() throws IOException {
		int port = freePort();
		this.server = RedisServer.newRedisServer()
			.port(port)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		this.server.start();
		this.application = BootApplication.start("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port,
				"observability.redis.key-patterns=session:*,residence-ids:*",
				"observability.redis.enabled=" + !"off".equals(this.mode),
				"observability.redis.lean-path=" + "lean".equals(this.mode),
				"observability.redis.boot-observation=" + "boot".equals(this.mode),
				"spring.autoconfigure.exclude=" + ("off".equals(this.mode) ? LETTUCE_OBSERVATION : ""));
		this.redis = this.application.getBean(StringRedisTemplate.class);
		for (int i = 0; i < 64; i++) {
			this.keys[i] = "residence-ids:" + i;
			this.redis.opsForValue().set(this.keys[i], "1,2,3," + i);
		}
		this.tracing = this.application.getBean(ClientResources.class).tracing();
		this.endpoint = this.tracing.createEndpoint(new InetSocketAddress("127.0.0.1", port));
	}

	@TearDown
	public void tearDown() throws IOException {
		try {
			this.application.close();
		}
		finally {
			this.server.stop();
		}
	}

	/**
	 * A request that sends {@value #COMMANDS_PER_REQUEST} commands; the score is per
	 * command, so the request's own span (the same in every mode) is spread over them.
	 * @return the last value read
	 */
	@Benchmark
	@OperationsPerInvocation(COMMANDS_PER_REQUEST)
	public String command() {
		return this.application.inRequest(() -> {
			String value = null;
			for (int i = 0; i < COMMANDS_PER_REQUEST; i++) {
				this.id = (this.id + 1) & 63;
				value = this.redis.opsForValue().get(this.keys[this.id]);
			}
			return value;
		});
	}

	/**
	 * The hook alone, for {@value #COMMANDS_PER_REQUEST} commands of a request: what
	 * Lettuce's {@code RedisChannelHandler.dispatch} and {@code CommandHandler.write} do
	 * with the tracing for one command, then the command's completion, which ends its
	 * span.
	 * @return the last command
	 */
	@Benchmark
	@OperationsPerInvocation(COMMANDS_PER_REQUEST)
	public Object hook() {
		return this.application.inRequest(() -> {
			RedisCommand<String, String, String> last = null;
			for (int i = 0; i < COMMANDS_PER_REQUEST; i++) {
				this.id = (this.id + 1) & 63;
				last = oneCommand(this.keys[this.id]);
			}
			return last;
		});
	}

	private RedisCommand<String, String, String> oneCommand(String key) {
		AsyncCommand<String, String, String> command = new AsyncCommand<>(new Command<>(CommandType.GET,
				new ValueOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey(key)));
		if (!this.tracing.isEnabled()) {
			command.complete();
			return command;
		}
		TraceContext parent = this.tracing.initialTraceContextProvider().getTraceContext();
		TracedCommand<String, String, String> traced = new TracedCommand<>(command, parent);
		Tracer.Span span = this.tracing.getTracerProvider().getTracer().nextSpan(parent);
		span.name(traced.getType().toString());
		span.remoteEndpoint(this.endpoint);
		span.start(traced);
		traced.setSpan(span);
		traced.complete();
		return traced;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
