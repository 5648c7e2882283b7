package dev.observability.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import dev.observability.starter.core.QueryFinding;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * N+1 and repeated-query assertions, driven by the starter's own detection: per request
 * through {@link Trace}, and for the test method itself through {@link Telemetry}.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ObservabilityTest
class FindingAssertionsTests {

	private static final String TASKS_OF = "GET /api/tasks";

	private static final String TASKS = "GET /api/residences/{id}/tasks";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Telemetry telemetry;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void lookupPerResidenceIsAnNPlusOneOfTheRequest() throws Exception {
		request("/api/tasks?residence=1,2,3,4,5,6");
		assertThat(this.telemetry.traceOf(TASKS_OF)).hasNoRepeatedQueries()
			.hasNPlusOne()
			.ofStatement(KitTestApplication.QUERY)
			.at("KitTestApplication.query(KitTestApplication.java:")
			.withCount(6);
	}

	@Test
	void sameLookupRepeatedIsARepeatedQueryNotAnNPlusOne() throws Exception {
		request("/api/residences/7/tasks?repeat=5");
		assertThat(this.telemetry.traceOf(TASKS)).hasNoNPlusOne().hasRepeatedQuery().withCount(5);
	}

	@Test
	void requestBelowTheThresholdHasNoFinding() throws Exception {
		request("/api/tasks?residence=1,2,3,4");
		request("/api/residences/7/tasks?repeat=4");
		assertThat(this.telemetry.traceOf(TASKS_OF)).hasNoNPlusOne().hasNoRepeatedQueries();
		assertThat(this.telemetry.traceOf(TASKS)).hasNoNPlusOne().hasNoRepeatedQueries();
		assertThat(this.telemetry.findings().all()).isEmpty();
	}

	@Test
	void hasNoNPlusOneFailureListsTheFindingWithItsAdvice() throws Exception {
		request("/api/tasks?residence=1,2,3,4,5");
		Trace trace = this.telemetry.traceOf(TASKS_OF);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(trace).hasNoNPlusOne())
			.satisfies((failure) -> assertThat(failure.getMessage()).startsWith("Expecting no N+1 query but found 1:")
				.contains("N+1 query in GET /api/tasks: \"" + KitTestApplication.QUERY + "\" ran 5 times",
						"at dev.observability.test.KitTestApplication.query(KitTestApplication.java:",
						"[trace " + trace.root().getTraceId() + "]",
						"Advice: fetch the rows in one query (join fetch, entity graph or batch fetching)."));
	}

	@Test
	void hasRepeatedQueryFailureSaysWhatCountsAsOne() throws Exception {
		request("/api/tasks?residence=1,2,3,4,5");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.traceOf(TASKS_OF)).hasRepeatedQuery())
			.satisfies((failure) -> assertThat(failure.getMessage()).startsWith("Expecting a repeated query but found:")
				.contains("N+1 query in GET /api/tasks", "with identical bind values."));
	}

	@Test
	void narrowingToAnotherAssociationOrCountFailsListingWhatWasFound() throws Exception {
		request("/api/tasks?residence=1,2,3,4,5");
		Trace trace = this.telemetry.traceOf(TASKS_OF);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(trace).hasNPlusOne().on("Residence.tasks"))
			.satisfies((failure) -> assertThat(failure.getMessage())
				.startsWith("Expecting an N+1 query on Residence.tasks but found:")
				.contains("ran 5 times"));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(trace).hasNPlusOne().withCount(4))
			.satisfies((failure) -> assertThat(failure.getMessage())
				.startsWith("Expecting the statement to run 4 times but it ran 5 times:"));
	}

	@Test
	void findingsOfOneRequestStayWithItsTrace() throws Exception {
		request("/api/tasks?residence=1,2,3,4,5");
		request("/api/residences/7/tasks?repeat=1");
		assertThat(this.telemetry.traceOf(TASKS)).hasNoNPlusOne();
		assertThat(this.telemetry.traceOf(TASKS_OF)).hasNPlusOne().withCount(5);
		assertThat(this.telemetry.findings().of(QueryFinding.Kind.N_PLUS_ONE)).hasSize(1);
	}

	@Test
	void testMethodIsItselfAUnitOfWork() {
		for (int residence = 1; residence <= 5; residence++) {
			KitTestApplication.query(this.jdbc, residence);
		}
		assertThat(this.telemetry.findings()).hasNoRepeatedQueries().hasNPlusOne().withCount(5);
		assertThat(this.telemetry.findings().all()).singleElement()
			.satisfies((finding) -> assertThat(finding.getUnitName())
				.isEqualTo("FindingAssertionsTests.testMethodIsItselfAUnitOfWork"));
	}

	@Test
	void testMethodWithoutALoopHasNoFinding() {
		KitTestApplication.query(this.jdbc, 1);
		KitTestApplication.query(this.jdbc, 2);
		assertThat(this.telemetry.findings()).hasNoNPlusOne().hasNoRepeatedQueries();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.findings()).hasNPlusOne())
			.satisfies((failure) -> assertThat(failure.getMessage())
				.startsWith("Expecting an N+1 query but found no N+1 or repeated query."));
	}

	private void request(String uri) throws Exception {
		this.mvc.perform(get(uri)).andExpect(status().isOk());
	}

}
