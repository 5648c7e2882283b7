package dev.observability.starter.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import dev.observability.starter.core.CapturedSpansConfiguration;
import dev.observability.starter.core.CapturedSpansConfiguration.CapturedSpans;
import dev.observability.starter.core.ComparableTelemetry;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.LeanPathDecision;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * One service scenario run on Boot's production wiring (Boot's tracing handlers and
 * OpenTelemetry SDK, MDC and baggage listeners, Prometheus registry), once with service
 * calls on the lean path and once on the Observation path, with statements on either of
 * their paths: spans, parentage and meters must be identical. The scenario has what makes
 * service spans parents: nested service calls, statements, an Observation-API child (as
 * {@code @Observed} makes), work handed to another thread through context propagation,
 * logs (MDC) inside the call, key values and an event the application adds to the current
 * observation, and a failure.
 */
class ServicePathsTests {

	private static final String SERVICE_METER = ServiceObservationDocumentation.SERVICE_METHOD.getName();

	@Test
	void leanAndObservationPathsRecordIdenticalTelemetry() {
		Recorded lean = runScenario(true, true);
		Recorded observation = runScenario(false, true);
		assertThat(lean.path).isEqualTo(LeanPathDecision.Path.LEAN);
		assertThat(observation.path).isEqualTo(LeanPathDecision.Path.OBSERVATION);
		assertThat(lean.raw).hasSize(9);
		assertThat(lean.spans).isEqualTo(observation.spans);
		assertThat(lean.meters).isNotEmpty().isEqualTo(observation.meters);
	}

	@Test
	void statementsOnTheObservationPathNestUnderLeanServiceSpansAsUnderObservedOnes() {
		Recorded lean = runScenario(true, false);
		Recorded observation = runScenario(false, false);
		assertThat(lean.path).isEqualTo(LeanPathDecision.Path.LEAN);
		assertThat(lean.spans).isEqualTo(observation.spans);
		assertThat(lean.spans).isEqualTo(runScenario(true, true).spans);
	}

	@Test
	void childrenOnThisAndOtherThreadsNestUnderTheServiceSpan() {
		for (boolean leanPath : new boolean[] { true, false }) {
			Recorded recorded = runScenario(leanPath, true);
			SpanData request = recorded.span("scenario");
			SpanData place = recorded.span("OrderService.place");
			assertThat(place.getKind()).isEqualTo(SpanKind.INTERNAL);
			assertThat(place.getParentSpanId()).isEqualTo(request.getSpanId());
			assertThat(recorded.childrenOf(place)).containsExactlyInAnyOrder("SELECT item", "order.pricing",
					"InventoryService.reserve", "order.notify");
			SpanData notify = recorded.span("order.notify");
			assertThat(recorded.childrenOf(notify)).containsExactly("SELECT item");
			assertThat(recorded.raw)
				.allSatisfy((span) -> assertThat(span.getTraceId()).isEqualTo(request.getTraceId()));
		}
	}

	@Test
	void logsInsideAServiceCallCarryItsSpanOnEveryThread() {
		for (boolean leanPath : new boolean[] { true, false }) {
			Recorded recorded = runScenario(leanPath, true);
			SpanData place = recorded.span("OrderService.place");
			assertThat(recorded.mdc.get("place")).isEqualTo(place.getTraceId() + "/" + place.getSpanId());
			assertThat(recorded.mdc.get("propagated")).isEqualTo(place.getTraceId() + "/" + place.getSpanId());
			SpanData request = recorded.span("scenario");
			assertThat(recorded.mdc.get("after")).as("the request's span is current again after the call")
				.isEqualTo(request.getTraceId() + "/" + request.getSpanId());
		}
	}

	@Test
	void keyValuesAndEventsAddedToTheCurrentObservationAreRecorded() {
		Recorded recorded = runScenario(true, true);
		SpanData place = recorded.span("OrderService.place");
		assertThat(place.getAttributes().asMap()).extractingFromEntries((entry) -> entry.getKey().getKey())
			.contains("order.channel", "order.id");
		assertThat(place.getEvents()).extracting((event) -> event.getName()).containsExactly("order.checked");
		assertThat(recorded.meter(SERVICE_METER + ".order.checked",
				"code.function.name=" + OrderService.class.getName() + ".place", "error.type=none",
				"order.channel=web"))
			.isOne();
		assertThat(recorded.meter(SERVICE_METER, "code.function.name=" + OrderService.class.getName() + ".place",
				"error.type=none", "order.channel=web"))
			.isOne();
	}

	@Test
	void failuresAreRecordedOnEveryServiceSpanTheyPassThrough() {
		Recorded recorded = runScenario(true, true);
		for (String name : List.of("OrderService.cancel", "InventoryService.release")) {
			SpanData span = recorded.span(name);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getEvents()).extracting((event) -> event.getName()).containsExactly("exception");
		}
		String release = "code.function.name=" + InventoryService.class.getName() + ".release";
		assertThat(recorded.meter(SERVICE_METER, release, "error.type=java.lang.IllegalStateException")).isOne();
		assertThat(recorded.meter(SERVICE_METER + ".active", release, "error.type=none")).as("no call stays active")
			.isZero();
	}

	@Test
	void aHandlerThatSeesServiceObservationsMakesCallsTakeTheObservationPath() {
		try (ConfigurableApplicationContext context = start(true, true, CountingHandlerConfiguration.class)) {
			OrderService orders = context.getBean(OrderService.class);
			assertThat(orders.quote(3)).isEqualTo(6);
			assertThat(path(context)).isEqualTo(LeanPathDecision.Path.OBSERVATION);
			assertThat(context.getBean(CountingHandlerConfiguration.class).started).hasValue(1);
			ConditionOutcome reported = reported(context);
			assertThat(reported.isMatch()).isFalse();
			assertThat(reported.getMessage()).startsWith("Observation path").contains("handler");
		}
	}

	@Test
	void aFailingMeterOnTheLeanPathLetsTheCallProceedAndStillEndsItsSpan() {
		try (ConfigurableApplicationContext context = start(true, true, BrokenMeterConfiguration.class)) {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			OrderService orders = context.getBean(OrderService.class);
			InMemorySpanExporter spans = context.getBean(CapturedSpans.class).exporter();
			context.getBean(BrokenMeterConfiguration.class).broken.set(true);
			assertThat(orders.quote(4)).isEqualTo(8);
			assertThat(path(context)).isEqualTo(LeanPathDecision.Path.LEAN);
			assertThat(reported(context).isMatch()).isTrue();
			assertThat(context.getBean(HookFailures.class).count(ServiceObservationInterceptor.HOOK)).isOne();
			assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
				.containsExactly("OrderService.quote");
			assertThat(registry.getCurrentObservation()).isNull();
			assertThat(MDC.get("spanId")).isNull();
		}
	}

	/**
	 * What the condition evaluation report (the {@code debug} report, the actuator's
	 * {@code conditions} endpoint) says about the path.
	 */
	private static ConditionOutcome reported(ConfigurableApplicationContext context) {
		return ConditionEvaluationReport.get(context.getBeanFactory())
			.getConditionAndOutcomesBySource()
			.get(ServiceObservabilityAutoConfiguration.class.getName() + "#leanPath")
			.iterator()
			.next()
			.getOutcome();
	}

	private static LeanPathDecision.Path path(ConfigurableApplicationContext context) {
		return ((ServiceObservationInterceptor) context.getBean(ServiceObservationAdvisor.class).getAdvice()).path();
	}

	private Recorded runScenario(boolean leanService, boolean leanJdbc) {
		try (ConfigurableApplicationContext context = start(leanService, leanJdbc)) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("CREATE TABLE IF NOT EXISTS item (id INT PRIMARY KEY)");
			InMemorySpanExporter spans = context.getBean(CapturedSpans.class).exporter();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			OrderService orders = context.getBean(OrderService.class);
			spans.reset();
			meters.getMeters()
				.stream()
				.filter((meter) -> meter.getId().getName().startsWith(SERVICE_METER))
				.toList()
				.forEach(meters::remove);
			Map<String, String> mdc = OrderService.mdc;
			mdc.clear();
			Observation request = Observation.createNotStarted("scenario", registry);
			request.observe(() -> {
				assertThat(orders.place(7)).isEqualTo("placed 7");
				assertThat(registry.getCurrentObservation()).isSameAs(request);
				mdc.put("after", OrderService.currentSpan());
				assertThatIllegalStateException().isThrownBy(() -> orders.cancel(7)).withMessage("out of stock");
				assertThat(registry.getCurrentObservation()).isSameAs(request);
			});
			assertThat(registry.getCurrentObservation()).isNull();
			return new Recorded(path(context), spans.getFinishedSpanItems(),
					ComparableTelemetry.meters(meters, SERVICE_METER), Map.copyOf(mdc));
		}
	}

	private static ConfigurableApplicationContext start(boolean leanService, boolean leanJdbc, Class<?>... extra) {
		List<Class<?>> sources = new ArrayList<>(List.of(PathsApplication.class));
		sources.addAll(List.of(extra));
		return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).web(WebApplicationType.NONE)
			.run("--spring.datasource.url=jdbc:h2:mem:service-paths;DB_CLOSE_DELAY=-1",
					"--spring.datasource.hikari.pool-name=paths", "--management.tracing.sampling.probability=1.0",
					"--spring.main.banner-mode=off", "--management.otlp.metrics.export.enabled=false",
					"--spring.application.name=paths", "--observability.service.lean-path=" + leanService,
					"--observability.jdbc.lean-path=" + leanJdbc, "--observability.service.long-task-timer=true");
	}

	/**
	 * What a scenario run recorded, and a comparable form of its spans.
	 */
	private static final class Recorded {

		private final LeanPathDecision.Path path;

		private final List<SpanData> raw;

		private final List<Map<String, Object>> spans;

		private final Map<String, Long> meters;

		private final Map<String, String> mdc;

		Recorded(LeanPathDecision.Path path, List<SpanData> raw, Map<String, Long> meters, Map<String, String> mdc) {
			this.path = path;
			this.raw = List.copyOf(raw);
			this.spans = ComparableTelemetry.spans(raw);
			this.meters = meters;
			this.mdc = mdc;
		}

		SpanData span(String name) {
			assertThat(this.raw).extracting(SpanData::getName).containsOnlyOnce(name);
			return this.raw.stream().filter((span) -> span.getName().equals(name)).findFirst().orElseThrow();
		}

		long meter(String name, String... tags) {
			List<Long> found = this.meters.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().startsWith(name + "[")
						&& List.of(tags).stream().allMatch((tag) -> entry.getKey().contains("(" + tag + ")")))
				.map(Map.Entry::getValue)
				.toList();
			assertThat(found).as("meters %s with %s among %s", name, List.of(tags), this.meters.keySet()).hasSize(1);
			return found.get(0);
		}

		List<String> childrenOf(SpanData parent) {
			return this.raw.stream()
				.filter((span) -> span.getParentSpanId().equals(parent.getSpanId()))
				.map(SpanData::getName)
				.toList();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ CapturedSpansConfiguration.class, OrderService.class, InventoryService.class })
	static class PathsApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class CountingHandlerConfiguration {

		final AtomicInteger started = new AtomicInteger();

		@Bean
		ObservationHandler<ServiceMethodContext> countingServiceHandler() {
			return new ObservationHandler<>() {

				@Override
				public void onStart(ServiceMethodContext context) {
					CountingHandlerConfiguration.this.started.incrementAndGet();
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context instanceof ServiceMethodContext;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BrokenMeterConfiguration {

		final AtomicBoolean broken = new AtomicBoolean();

		@Bean
		MeterFilter brokenServiceMeter() {
			return new MeterFilter() {

				@Override
				public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
					if (BrokenMeterConfiguration.this.broken.get() && id.getName().equals(SERVICE_METER)) {
						throw new IllegalStateException("broken meter filter");
					}
					return config;
				}

			};
		}

	}

	@Service
	public static class OrderService implements DisposableBean {

		private final InventoryService inventory;

		private final JdbcTemplate jdbc;

		private final ObservationRegistry registry;

		private final ExecutorService executor = Executors.newSingleThreadExecutor();

		static final Map<String, String> mdc = new ConcurrentHashMap<>();

		OrderService(InventoryService inventory, JdbcTemplate jdbc, ObservationRegistry registry) {
			this.inventory = inventory;
			this.jdbc = jdbc;
			this.registry = registry;
		}

		@Override
		public void destroy() {
			this.executor.shutdownNow();
		}

		public String place(long id) {
			mdc.put("place", currentSpan());
			Observation current = this.registry.getCurrentObservation();
			current.lowCardinalityKeyValue("order.channel", "web");
			current.highCardinalityKeyValue("order.id", Long.toString(id));
			current.event(Observation.Event.of("order.checked"));
			this.jdbc.queryForObject("SELECT count(*) FROM item", Integer.class);
			Observation.createNotStarted("order.pricing", this.registry).observe(() -> {
			});
			this.inventory.reserve(id);
			Callable<Integer> notify = () -> {
				mdc.put("propagated", currentSpan());
				Supplier<Integer> count = () -> this.jdbc.queryForObject("SELECT count(*) FROM item", Integer.class);
				return Observation.createNotStarted("order.notify", this.registry).observe(count);
			};
			try {
				this.executor.submit(ContextSnapshotFactory.builder().build().captureAll().wrap(notify))
					.get(10, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return "placed " + id;
		}

		public void cancel(long id) {
			this.inventory.release(id);
		}

		public long quote(long amount) {
			return amount * 2;
		}

		static String currentSpan() {
			return MDC.get("traceId") + "/" + MDC.get("spanId");
		}

	}

	@Service
	public static class InventoryService {

		public boolean reserve(long id) {
			return id > 0;
		}

		public void release(long id) {
			throw new IllegalStateException("out of stock");
		}

	}

}
