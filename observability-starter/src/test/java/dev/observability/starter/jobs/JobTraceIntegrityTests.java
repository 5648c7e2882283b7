package dev.observability.starter.jobs;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.observability.starter.jobs.JobsTestApplication.Reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mixed workload over real HTTP, with requests running concurrently: each request's
 * service runs SQL, hands an {@code @Async} job and a {@code CompletableFuture} to Boot's
 * executor and, on Java 21 and later, a task to a virtual-thread-per-task executor, each
 * running SQL, while a scheduled job runs SQL of its own. Every span must have the right
 * parent, each request must be exactly one trace, and each scheduled run a trace of its
 * own.
 */
class JobTraceIntegrityTests {

	private static final int REQUESTS = 40;

	private static final int CLIENTS = 4;

	@Test
	void everySpanHasItsParentOnPlatformThreads() throws Exception {
		try (ConfigurableApplicationContext context = start(new Class<?>[] { MixedWorkload.class })) {
			assertThat(context.getBean(Workload.class).virtualPool()).isNull();
			JobsTestApplication.spans(context).reset();
			verify(context, false);
		}
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void everySpanHasItsParentOnVirtualThreads() throws Exception {
		try (ConfigurableApplicationContext context = start(new Class<?>[] { MixedWorkload.class, VirtualPool.class },
				"--spring.threads.virtual.enabled=true")) {
			Workload workload = context.getBean(Workload.class);
			assertThat(workload.virtualPool()).isInstanceOf(JobExecutorService.class);
			JobsTestApplication.spans(context).reset();
			verify(context, true);
			assertThat(workload.threads()).containsEntry("async", true)
				.containsEntry("future", true)
				.containsEntry("virtual-pool", true);
		}
	}

	private static ConfigurableApplicationContext start(Class<?>[] sources, String... args) {
		List<String> all = new ArrayList<>(List.of("--logging.level.org.springframework.web=warn"));
		all.addAll(List.of(args));
		return JobsTestApplication.run(WebApplicationType.SERVLET, sources, all.toArray(String[]::new));
	}

	private static void verify(ConfigurableApplicationContext context, boolean virtualPool) throws Exception {
		int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
		HttpClient client = HttpClient.newHttpClient();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<Integer>> responses = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				responses.add(clients.submit(
						() -> client
							.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work")).build(),
									HttpResponse.BodyHandlers.discarding())
							.statusCode()));
			}
			for (Future<Integer> response : responses) {
				assertThat(response.get(30, TimeUnit.SECONDS)).isEqualTo(200);
			}
		}
		finally {
			clients.shutdownNow();
		}
		int perRequest = virtualPool ? 9 : 7;
		await().atMost(Duration.ofSeconds(20))
			.until(() -> requestTraces(context).values().stream().mapToInt(List::size).sum() >= REQUESTS * perRequest);
		// the scheduled runs go on: stop looking at a moment no span is open
		context.getBean(MixedWorkload.class).paused = true;
		List<SpanData> spans = JobsTestApplication.ended(context);
		Map<String, List<SpanData>> traces = spans.stream().collect(Collectors.groupingBy(SpanData::getTraceId));

		List<SpanData> servers = spans.stream().filter((span) -> span.getKind() == SpanKind.SERVER).toList();
		assertThat(servers).hasSize(REQUESTS);
		assertThat(servers).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
		for (SpanData server : servers) {
			List<SpanData> trace = traces.get(server.getTraceId());
			assertThat(trace).as("trace of a request").hasSize(perRequest);
			SpanData service = single(trace, "Workload.handle");
			assertThat(service.getParentSpanId()).isEqualTo(server.getSpanId());
			List<String> jobs = new ArrayList<>(List.of("job Reminders.send", "job applicationTaskExecutor"));
			if (virtualPool) {
				jobs.add("job virtualPool");
			}
			for (String name : jobs) {
				SpanData job = single(trace, name);
				assertThat(job.getParentSpanId()).as(name).isEqualTo(service.getSpanId());
				assertThat(trace).filteredOn((span) -> span.getParentSpanId().equals(job.getSpanId()))
					.extracting(SpanData::getName)
					.as("children of " + name)
					.containsExactly("SELECT item");
			}
			assertThat(trace).filteredOn((span) -> span.getParentSpanId().equals(service.getSpanId()))
				.extracting(SpanData::getName)
				.containsExactlyInAnyOrderElementsOf(concat(jobs, "SELECT item"));
		}
		Set<String> requestTraceIds = servers.stream().map(SpanData::getTraceId).collect(Collectors.toSet());
		List<SpanData> others = spans.stream().filter((span) -> !requestTraceIds.contains(span.getTraceId())).toList();
		assertThat(others).as("spans outside the requests' traces").isNotEmpty();
		List<SpanData> roots = others.stream()
			.filter((span) -> span.getParentSpanId().equals(SpanId.getInvalid()))
			.toList();
		assertThat(roots).extracting(SpanData::getName).containsOnly("job MixedWorkload.tick");
		int inScheduledRuns = 0;
		for (SpanData root : roots) {
			// a run after the pause skips its query
			List<SpanData> run = traces.get(root.getTraceId());
			assertThat(run).filteredOn((span) -> span != root).allSatisfy((span) -> {
				assertThat(span.getName()).isEqualTo("SELECT item");
				assertThat(span.getParentSpanId()).isEqualTo(root.getSpanId());
			});
			assertThat(run).hasSizeLessThanOrEqualTo(2);
			inScheduledRuns += run.size();
		}
		assertThat(inScheduledRuns).as("every span outside the requests belongs to a scheduled run")
			.isEqualTo(others.size());
		assertThat(roots).as("scheduled runs with their query")
			.anySatisfy((root) -> assertThat(traces.get(root.getTraceId())).hasSize(2));
	}

	private static Map<String, List<SpanData>> requestTraces(ConfigurableApplicationContext context) {
		List<SpanData> spans = JobsTestApplication.spans(context).getFinishedSpanItems();
		Set<String> requests = spans.stream()
			.filter((span) -> span.getKind() == SpanKind.SERVER)
			.map(SpanData::getTraceId)
			.collect(Collectors.toSet());
		return spans.stream()
			.filter((span) -> requests.contains(span.getTraceId()))
			.collect(Collectors.groupingBy(SpanData::getTraceId));
	}

	private static List<String> concat(List<String> names, String more) {
		List<String> all = new ArrayList<>(names);
		all.add(more);
		return all;
	}

	private static SpanData single(List<SpanData> trace, String name) {
		List<SpanData> matching = trace.stream().filter((span) -> span.getName().equals(name)).toList();
		assertThat(matching).as("%s in %s", name, trace.stream().map(SpanData::getName).toList()).hasSize(1);
		return matching.get(0);
	}

	static boolean isVirtual(Thread thread) {
		try {
			Method isVirtual = Thread.class.getMethod("isVirtual");
			return (boolean) isVirtual.invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	@Import(Workload.class)
	static class MixedWorkload {

		volatile boolean paused;

		private final JdbcTemplate jdbc;

		MixedWorkload(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Scheduled(fixedRate = 25)
		void tick() {
			if (!this.paused) {
				this.jdbc.queryForObject("select count(*) from item", Integer.class);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class VirtualPool {

		/**
		 * A virtual-thread-per-task executor, created reflectively: the build compiles
		 * for Java 17.
		 */
		@Bean(destroyMethod = "shutdownNow")
		ExecutorService virtualPool() throws ReflectiveOperationException {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}

	}

	@Service
	@RestController
	static class Workload {

		final Map<String, Boolean> threads = new ConcurrentHashMap<>();

		private final JdbcTemplate jdbc;

		private final Reminders reminders;

		private final AsyncTaskExecutor executor;

		final ExecutorService virtualPool;

		Workload(JdbcTemplate jdbc, Reminders reminders, org.springframework.beans.factory.BeanFactory beans) {
			this.jdbc = jdbc;
			this.reminders = reminders;
			this.executor = beans.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
			this.virtualPool = beans.containsBean("virtualPool") ? beans.getBean("virtualPool", ExecutorService.class)
					: null;
		}

		// read through methods: the bean is a class proxy (its service spans)
		public ExecutorService virtualPool() {
			return this.virtualPool;
		}

		public Map<String, Boolean> threads() {
			return this.threads;
		}

		@GetMapping("/work")
		public String handle() throws Exception {
			this.jdbc.queryForObject("select count(*) from item", Integer.class);
			this.reminders.send(this.threads);
			CompletableFuture.supplyAsync(() -> {
				this.threads.put("future", isVirtual(Thread.currentThread()));
				return this.jdbc.queryForObject("select count(*) from item", Integer.class);
			}, this.executor).get(10, TimeUnit.SECONDS);
			if (this.virtualPool != null) {
				this.virtualPool.submit(() -> {
					this.threads.put("virtual-pool", isVirtual(Thread.currentThread()));
					return this.jdbc.queryForObject("select count(*) from item", Integer.class);
				}).get(10, TimeUnit.SECONDS);
			}
			return "done";
		}

	}

}
