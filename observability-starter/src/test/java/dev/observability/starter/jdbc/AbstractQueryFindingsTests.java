package dev.observability.starter.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.observability.starter.core.CapturedSpansConfiguration;
import dev.observability.starter.core.CapturedSpansConfiguration.CapturedSpans;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.QueryFinding;
import dev.observability.starter.core.QueryFindingListener;
import dev.observability.starter.core.UnitOfWork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * N+1 and repeated-query detection, and slow-query reports, on Boot's production wiring
 * against a real database: what is found, what is not, and how it is reported (log line,
 * counter, span event, listener) without a bind value.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractQueryFindingsTests {

	private static final int SECRET_ID = 424242;

	private static final String CHILDREN_BY_PARENT = "SELECT id, title FROM child WHERE parent_id = ?";

	/**
	 * JDBC URL of a database for one application run.
	 * @return the URL
	 */
	abstract String jdbcUrl();

	/**
	 * A statement that takes at least 50 ms.
	 * @param jdbc where to prepare it
	 * @return the statement's SQL
	 */
	abstract String slowStatement(JdbcTemplate jdbc);

	@Test
	void loopOfLookupsWithDifferentValuesIsOneNPlusOneWithItsCountAndCodeLocation() {
		run((app) -> {
			List<QueryFinding> findings = app.inUnit((jdbc) -> loadChildrenOneByOne(jdbc, 1, 2, 3, 4, 5, 6));
			assertThat(findings).singleElement().satisfies((finding) -> {
				assertThat(finding.getKind()).isEqualTo(QueryFinding.Kind.N_PLUS_ONE);
				assertThat(finding.getCount()).isEqualTo(6);
				assertThat(finding.getStatement()).isEqualTo(CHILDREN_BY_PARENT);
				assertThat(finding.getCollection()).isEqualTo("child");
				assertThat(finding.getUnitName()).isEqualTo("findings-test");
				assertThat(finding.getTotalTime()).isPositive();
				assertThat(finding.getCodeLocation())
					.startsWith(AbstractQueryFindingsTests.class.getName() + ".loadChildrenOneByOne(")
					.contains("AbstractQueryFindingsTests.java:");
			});
		});
	}

	@Test
	void sameLookupWithTheSameValuesIsOneRepeatedQuery() {
		run((app) -> {
			List<QueryFinding> findings = app.inUnit((jdbc) -> loadChildrenOneByOne(jdbc, 3, 3, 3, 3, 3, 3, 3));
			assertThat(findings).singleElement().satisfies((finding) -> {
				assertThat(finding.getKind()).isEqualTo(QueryFinding.Kind.REPEATED_QUERY);
				assertThat(finding.getCount()).isEqualTo(7);
				assertThat(finding.getStatement()).isEqualTo(CHILDREN_BY_PARENT);
				assertThat(finding.toString()).contains("identical parameters", "reuse the first result");
			});
		});
	}

	@Test
	void fewerExecutionsThanTheThresholdAreNoFinding() {
		run((app) -> assertThat(app.inUnit((jdbc) -> {
			loadChildrenOneByOne(jdbc, 1, 2, 3, 4, 4, 4, 4);
		})).isEmpty());
	}

	@Test
	void eachUnitCountsAfreshThoughItsTablesAreReusedOnTheSameThread() {
		run((app) -> {
			assertThat(app.inUnit((jdbc) -> loadChildrenOneByOne(jdbc, 1, 2, 3, 3, 3, 3))).isEmpty();
			assertThat(app.inUnit((jdbc) -> loadChildrenOneByOne(jdbc, 1, 2, 3, 3, 3, 3))).isEmpty();
			assertThat(app.inUnit((jdbc) -> loadChildrenOneByOne(jdbc, 1, 2, 3, 4, 5))).singleElement()
				.satisfies((finding) -> assertThat(finding.getCount()).isEqualTo(5));
			assertThat(app.inUnit((jdbc) -> jdbc.queryForList("SELECT id FROM child"))).isEmpty();
		});
	}

	@Test
	void batchedLookupsOfManyParentsAreNeitherNPlusOneNorRepeated() {
		run((app) -> assertThat(app.inUnit((jdbc) -> {
			for (int i = 0; i < 6; i++) {
				jdbc.queryForList("SELECT id FROM child WHERE parent_id IN (?, ?, ?)", 3 * i, 3 * i + 1, 3 * i + 2);
			}
		})).isEmpty());
	}

	@Test
	void plainStatementsAreComparedByTheirLiterals() {
		run((app) -> {
			List<QueryFinding> findings = app.inUnit((jdbc) -> {
				for (int i = 1; i <= 5; i++) {
					jdbc.queryForList("SELECT id FROM child WHERE parent_id = " + i);
				}
				for (int i = 1; i <= 5; i++) {
					jdbc.queryForList("SELECT title FROM child WHERE parent_id = 7");
				}
			});
			assertThat(findings).extracting(QueryFinding::getKind, QueryFinding::getStatement)
				.containsExactlyInAnyOrder(
						tuple(QueryFinding.Kind.N_PLUS_ONE, "SELECT id FROM child WHERE parent_id = ?"),
						tuple(QueryFinding.Kind.REPEATED_QUERY, "SELECT title FROM child WHERE parent_id = ?"));
		});
	}

	@Test
	void findingIsLoggedCountedAndAddedToTheUnitsSpanWithoutABindValue(CapturedOutput output) {
		run((app) -> {
			app.inUnit((jdbc) -> loadChildrenOneByOne(jdbc, SECRET_ID, SECRET_ID + 1, SECRET_ID + 2, SECRET_ID + 3,
					SECRET_ID + 4));
			SpanData unitSpan = app.spans.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getName().equals("findings-test"))
				.findFirst()
				.orElseThrow();
			assertThat(unitSpan.getEvents()).singleElement().satisfies((event) -> {
				assertThat(event.getName()).isEqualTo("db.query.finding");
				assertThat(event.getAttributes().get(AttributeKey.stringKey("finding.kind"))).isEqualTo("n_plus_one");
				assertThat(event.getAttributes().get(AttributeKey.longKey("finding.count"))).isEqualTo(5L);
				assertThat(event.getAttributes().get(AttributeKey.stringKey("db.query.text")))
					.isEqualTo(CHILDREN_BY_PARENT);
				assertThat(event.getAttributes().get(AttributeKey.stringKey("db.collection.name"))).isEqualTo("child");
				assertThat(event.getAttributes().get(AttributeKey.stringKey("code.location")))
					.contains("loadChildrenOneByOne");
				assertThat(event.getAttributes().get(AttributeKey.doubleKey("finding.duration"))).isPositive();
			});
			String line = output.getOut()
				.lines()
				.filter((candidate) -> candidate.contains("N+1 query in"))
				.findFirst()
				.orElseThrow();
			assertThat(line).contains("WARN", "N+1 query in findings test: \"" + CHILDREN_BY_PARENT + "\" ran 5 times",
					"loadChildrenOneByOne", "[trace " + unitSpan.getTraceId() + "]", "join fetch");
			assertThat(app.meters.get("observability.db.query.findings")
				.tag("finding.kind", "n_plus_one")
				.tag("unit.name", "findings-test")
				.tag("db.collection.name", "child")
				.counter()
				.count()).isEqualTo(1);
			List<String> exported = new ArrayList<>(List.of(line));
			for (EventData event : unitSpan.getEvents()) {
				event.getAttributes().forEach((key, value) -> exported.add(key.getKey() + "=" + value));
			}
			assertThat(exported).noneMatch((value) -> value.contains(Integer.toString(SECRET_ID)));
		});
	}

	@Test
	void sameFindingIsLoggedOncePerCooldownButCountedEveryTime(CapturedOutput output) {
		run((app) -> {
			for (int i = 0; i < 3; i++) {
				app.inUnit((jdbc) -> loadChildrenOneByOne(jdbc, 1, 2, 3, 4, 5));
			}
			assertThat(output.getOut().lines().filter((line) -> line.contains("N+1 query in findings test")))
				.hasSize(1);
			assertThat(app.meters.get("observability.db.query.findings").counter().count()).isEqualTo(3);
		});
	}

	@Test
	void statementsOutsideAUnitOfWorkAreNotJudged() {
		run((app) -> {
			loadChildrenOneByOne(app.jdbc, 1, 2, 3, 4, 5, 6);
			loadChildrenOneByOne(app.jdbc, 1, 1, 1, 1, 1, 1);
			assertThat(app.findings).isEmpty();
		});
	}

	@Test
	void workPropagatedToAnotherThreadCountsInTheUnit() {
		run((app) -> {
			ExecutorService executor = ContextExecutorService.wrap(Executors.newSingleThreadExecutor(),
					() -> ContextSnapshotFactory.builder().build().captureAll());
			try {
				List<QueryFinding> findings = app.inUnit((jdbc) -> {
					loadChildrenOneByOne(jdbc, 1, 2, 3);
					awaitDone(executor.submit(() -> loadChildrenOneByOne(jdbc, 4, 5, 6)));
				});
				assertThat(findings).singleElement()
					.satisfies((finding) -> assertThat(finding.getCount()).isEqualTo(6));
			}
			finally {
				executor.shutdownNow();
			}
		});
	}

	@Test
	void excludedStatementsAndRoutesAreNeverReported() {
		run((app) -> assertThat(app.inUnit((jdbc) -> loadChildrenOneByOne(jdbc, 1, 2, 3, 4, 5, 6))).isEmpty(),
				"--observability.jdbc.findings.excluded-statements=FROM child WHERE");
		run((app) -> assertThat(app.inUnit((jdbc) -> loadChildrenOneByOne(jdbc, 1, 2, 3, 4, 5, 6))).isEmpty(),
				"--observability.jdbc.findings.excluded-routes=findings-*");
	}

	@Test
	void detectionCanBeSwitchedOffAndTheThresholdChanged() {
		run((app) -> assertThat(app.inUnit((jdbc) -> loadChildrenOneByOne(jdbc, 1, 2, 3, 4, 5, 6))).isEmpty(),
				"--observability.jdbc.findings.enabled=false");
		run((app) -> assertThat(app.inUnit((jdbc) -> loadChildrenOneByOne(jdbc, 1, 2))).singleElement()
			.satisfies((finding) -> assertThat(finding.getCount()).isEqualTo(2)),
				"--observability.jdbc.findings.threshold=2");
	}

	@Test
	void failingListenerNeitherBreaksTheQueryNorTheOtherReports() {
		run((app) -> {
			app.failing.set(true);
			List<Integer> counts = new ArrayList<>();
			List<QueryFinding> findings = app.inUnit((jdbc) -> {
				for (int parent = 1; parent <= 5; parent++) {
					counts.add(jdbc.queryForObject("SELECT count(*) FROM child WHERE parent_id = ?", Integer.class,
							parent));
				}
			});
			assertThat(counts).containsExactly(1, 1, 1, 0, 0);
			assertThat(findings).hasSize(1);
			assertThat(app.context.getBean(HookFailures.class).count(QueryFindings.HOOK)).isOne();
			assertThat(app.meters.get("observability.db.query.findings").counter().count()).isEqualTo(1);
		});
	}

	@Test
	void slowStatementIsLoggedWithItsCodeLocationAndCounted(CapturedOutput output) {
		run((app) -> {
			String sql = slowStatement(app.jdbc);
			double before = slowQueries(app);
			app.inUnit((jdbc) -> runSlowly(jdbc, sql));
			assertThat(output.getOut().lines().filter((line) -> line.contains("runSlowly"))).singleElement()
				.satisfies((line) -> assertThat(line).contains("WARN", "Slow query (", "threshold 20 ms",
						AbstractQueryFindingsTests.class.getName() + ".runSlowly(", "[trace "));
			assertThat(slowQueries(app)).isEqualTo(before + 1);
			app.jdbc.queryForList(CHILDREN_BY_PARENT, 1);
			assertThat(slowQueries(app)).isEqualTo(before + 1);
		}, "--observability.jdbc.slow-query.threshold=20ms");
	}

	private static double slowQueries(App app) {
		return app.meters.find("observability.db.slow.queries").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	@Test
	void statementWithNoSpanAboveItIsMeasuredButNotExportedUnlessAsked() {
		run((app) -> {
			app.jdbc.queryForList(CHILDREN_BY_PARENT, 1);
			assertThat(app.spans.getFinishedSpanItems()).isEmpty();
			assertThat(app.meters.get(JdbcObservationDocumentation.STATEMENT.getName())
				.tag("db.collection.name", "child")
				.timer()
				.count()).isEqualTo(1);
		});
		run((app) -> {
			app.jdbc.queryForList(CHILDREN_BY_PARENT, 1);
			assertThat(app.spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("SELECT child");
		}, "--observability.jdbc.root-spans=true");
	}

	private static void loadChildrenOneByOne(JdbcTemplate jdbc, int... parents) {
		for (int parent : parents) {
			jdbc.queryForList(CHILDREN_BY_PARENT, parent);
		}
	}

	private static void awaitDone(Future<?> task) {
		try {
			task.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void runSlowly(JdbcTemplate jdbc, String sql) {
		jdbc.execute(sql);
	}

	private void run(Consumer<App> test, String... extraArgs) {
		List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + jdbcUrl(),
				"--management.tracing.sampling.probability=1.0", "--spring.main.banner-mode=off",
				"--management.otlp.metrics.export.enabled=false", "--spring.application.name=findings"));
		args.addAll(List.of(extraArgs));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(FindingsApplication.class)
			.web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new))) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("DROP TABLE IF EXISTS child");
			jdbc.execute("CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, title VARCHAR(100))");
			jdbc.update("INSERT INTO child (id, parent_id, title) VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 3, 'c')");
			App app = new App(context);
			app.spans.reset();
			test.accept(app);
		}
	}

	/**
	 * A running application and what it reported.
	 */
	private static final class App {

		private final ConfigurableApplicationContext context;

		private final JdbcTemplate jdbc;

		private final InMemorySpanExporter spans;

		private final MeterRegistry meters;

		private final List<QueryFinding> findings;

		private final AtomicBoolean failing;

		App(ConfigurableApplicationContext context) {
			this.context = context;
			this.jdbc = context.getBean(JdbcTemplate.class);
			this.spans = context.getBean(CapturedSpans.class).exporter();
			this.meters = context.getBean(MeterRegistry.class);
			this.findings = context.getBean(RecordingListener.class).findings;
			this.failing = context.getBean(FailingListener.class).failing;
		}

		/**
		 * Run work as one unit of work named {@code findings-test}, inside a span of that
		 * name, and return what was found in it.
		 */
		List<QueryFinding> inUnit(Consumer<JdbcTemplate> work) {
			this.findings.clear();
			Observation.createNotStarted("findings-test", this.context.getBean(ObservationRegistry.class))
				.observe(() -> {
					UnitOfWork unit = UnitOfWork.open("test", "findings-test", "findings test", Span.current());
					try {
						work.accept(this.jdbc);
					}
					finally {
						unit.close(this.context.getBean(HookFailures.class));
					}
				});
			return List.copyOf(this.findings);
		}

	}

	static final class RecordingListener implements QueryFindingListener {

		final List<QueryFinding> findings = new CopyOnWriteArrayList<>();

		@Override
		public void onFinding(QueryFinding finding) {
			this.findings.add(finding);
		}

	}

	static final class FailingListener implements QueryFindingListener {

		final AtomicBoolean failing = new AtomicBoolean();

		@Override
		public void onFinding(QueryFinding finding) {
			if (this.failing.get()) {
				throw new IllegalStateException("listener failed");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(CapturedSpansConfiguration.class)
	static class FindingsApplication {

		@Bean
		FailingListener failingListener() {
			return new FailingListener();
		}

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

	}

}
