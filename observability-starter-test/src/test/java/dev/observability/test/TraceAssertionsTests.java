package dev.observability.test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

// a statement on a thread the trace context did not reach is a span of its own only with root-spans
@SpringBootTest(properties = "observability.jdbc.root-spans=true")
@AutoConfigureMockMvc
@ObservabilityTest
class TraceAssertionsTests {

	private static final String TASKS = "GET /api/residences/{id}/tasks";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Telemetry telemetry;

	@Test
	void hasTreePassesForTheSpanNamesAsAnIndentedTree() throws Exception {
		request("/api/residences/7/tasks");
		assertThat(this.telemetry.traceOf(TASKS)).hasTree("""
				GET /api/residences/{id}/tasks
				  TaskService.listForResidence
				    SELECT task
				""");
	}

	@Test
	void hasTreeToleratesACommonIndentAndNoTrailingNewline() throws Exception {
		request("/api/residences/7/tasks");
		assertThat(this.telemetry.traceOf(TASKS))
			.hasTree("    GET /api/residences/{id}/tasks\n      TaskService.listForResidence\n        SELECT task");
	}

	@Test
	void hasTreeFailureShowsBothTreesTheDetailsTheRootsAndARepeatedSpan() throws Exception {
		request("/api/residences/7/tasks?repeat=2");
		Trace trace = this.telemetry.traceOf(TASKS);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(trace).hasTree("""
				GET /api/residences/{id}/tasks
				  TaskService.listForResidence
				    SELECT task
				""")).satisfies((failure) -> assertThat(withoutDurations(failure)).isEqualTo("""
				Expecting the trace "GET /api/residences/{id}/tasks" to have the span tree:
				  GET /api/residences/{id}/tasks
				    TaskService.listForResidence
				      SELECT task
				but its span names were:
				  GET /api/residences/{id}/tasks
				    TaskService.listForResidence
				      SELECT task
				      SELECT task
				Actual trace with durations and key attributes:
				  GET /api/residences/{id}/tasks (<t> ms) http.response.status_code=200
				    TaskService.listForResidence (<t> ms)
				      SELECT task (<t> ms) db.query.text="SELECT title FROM task WHERE residence_id = ?"
				      SELECT task (<t> ms) db.query.text="SELECT title FROM task WHERE residence_id = ?"
				Captured traces (root span names, newest first):
				  GET /api/residences/{id}/tasks
				Likely mistake: "SELECT task" occurs 2 times, expected 1: a call runs in a loop (an N+1 query?)."""));
	}

	@Test
	void hasTreeFailureNamesTheRootWhenTheFirstLineIsWrong() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.traceOf(TASKS)).hasTree("""
					TaskService.listForResidence
					  SELECT task
					"""))
			.withMessageEndingWith("Likely mistake: the first line of the expected tree must be the root span "
					+ "\"GET /api/residences/{id}/tasks\", not \"TaskService.listForResidence\".");
	}

	@Test
	void traceOfWaitsForTheJobsARequestHandedToAnExecutor() throws Exception {
		CountDownLatch later = new CountDownLatch(1);
		KitTestApplication.LATER.set(later);
		request("/api/residences/7/tasks/later");
		CompletableFuture<Trace> trace = CompletableFuture
			.supplyAsync(() -> this.telemetry.traceOf("GET /api/residences/{id}/tasks/later"));
		// the request's span has ended; its job is still waiting
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> trace.get(300, TimeUnit.MILLISECONDS));
		later.countDown();
		assertThat(trace.get(10, TimeUnit.SECONDS)).hasTree("""
				GET /api/residences/{id}/tasks/later
				  job applicationTaskExecutor
				    SELECT task
				""");
	}

	@Test
	void hasTreeFailurePointsAtASpanThatLandedInAnotherTrace() throws Exception {
		request("/api/residences/7/tasks/async");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.traceOf("GET /api/residences/{id}/tasks/async")).hasTree("""
					GET /api/residences/{id}/tasks/async
					  SELECT task
					"""))
			.satisfies((failure) -> assertThat(withoutDurations(failure)).endsWith("""
					Captured traces (root span names, newest first):
					  SELECT task
					  GET /api/residences/{id}/tasks/async
					Likely mistake: "SELECT task" is not in this trace but in the trace "SELECT task": \
					it probably ran on another thread without the trace context."""));
	}

	@Test
	void hasTreeFailureSaysWhenOnlyTheNestingDiffers() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.traceOf(TASKS)).hasTree("""
					GET /api/residences/{id}/tasks
					  TaskService.listForResidence
					  SELECT task
					"""))
			.withMessageEndingWith("Likely mistake: the same spans are nested or ordered differently: a child is "
					+ "indented two spaces more than its parent, and siblings are listed in start order.");
	}

	@Test
	void hasTreeFailureNamesASpanThatIsNotExpected() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.traceOf(TASKS)).hasTree("""
					GET /api/residences/{id}/tasks
					  TaskService.listForResidence
					"""))
			.withMessageEndingWith("Likely mistake: \"SELECT task\" is in the trace but not in the expected tree.");
	}

	@Test
	void hasTreeFailureNamesAnExpectedSpanThatWasNeverCaptured() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.traceOf(TASKS)).hasTree("""
					GET /api/residences/{id}/tasks
					  TaskService.listForResidence
					    SELECT task
					    SELECT residence
					"""))
			.withMessageEndingWith("Likely mistake: \"SELECT residence\" was not captured at all: the code did not "
					+ "run, its instrumentation is switched off, or the span has another name.");
	}

	@Test
	void hasTreeRejectsAnExpectedTreeThatIsNotIndentedTwoSpacesPerLevel() throws Exception {
		request("/api/residences/7/tasks");
		Trace trace = this.telemetry.traceOf(TASKS);
		assertThatIllegalArgumentException().isThrownBy(() -> assertThat(trace).hasTree("""
				GET /api/residences/{id}/tasks
				    TaskService.listForResidence
				"""))
			.withMessage("Line 2 of the expected tree, \"    TaskService.listForResidence\", is indented by 4 "
					+ "spaces, under a line at level 0; indent each child by two spaces more than its parent");
	}

	@Test
	void queriesHasCountPassesForTheNumberOfStatements() throws Exception {
		request("/api/residences/7/tasks?repeat=2");
		assertThat(this.telemetry.traceOf(TASKS)).queries().hasCount(2).hasCountAtMost(2).hasCountAtMost(3);
	}

	@Test
	void queriesFailureListsTheStatementsInOrderAndNamesTheRepeatedOne() throws Exception {
		request("/api/residences/7/tasks?repeat=3");
		Trace trace = this.telemetry.traceOf(TASKS);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(trace).queries().hasCountAtMost(1))
			.withMessage("""
					Expecting the trace "GET /api/residences/{id}/tasks" to run at most 1 SQL query but it ran 3:
					  1. SELECT title FROM task WHERE residence_id = ?
					  2. SELECT title FROM task WHERE residence_id = ?
					  3. SELECT title FROM task WHERE residence_id = ?
					Likely mistake: the statement "SELECT title FROM task WHERE residence_id = ?" runs 3 times: \
					a query in a loop (N+1); fetch the rows in one query.""");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(trace).queries().hasCount(2))
			.withMessageStartingWith(
					"Expecting the trace \"GET /api/residences/{id}/tasks\" to run 2 SQL queries " + "but it ran 3:\n");
	}

	@Test
	void traceOfAMissingRootListsTheCapturedRoots() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.telemetry.traceOf("GET /api/residence/{id}/tasks", Duration.ofMillis(50)))
			.withMessage("""
					No finished trace has the root span "GET /api/residence/{id}/tasks" (waited 50 ms).
					Captured traces (root span names, newest first):
					  GET /api/residences/{id}/tasks
					Likely mistake: the request or job did not run, or its root span has another name; HTTP root \
					spans are named after method and route template, e.g. "GET /api/residences/{id}/tasks".""");
	}

	@Test
	void traceOfASpanThatIsNotARootSaysWhichTraceHoldsIt() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.telemetry.traceOf("TaskService.listForResidence", Duration.ofMillis(50)))
			.withMessageEndingWith("Likely mistake: \"TaskService.listForResidence\" is a span inside the trace "
					+ "\"GET /api/residences/{id}/tasks\", not a root; pass that root's name to traceOf(...).");
	}

	@Test
	void traceOfReturnsTheNewestTraceWithThatRoot() throws Exception {
		request("/api/residences/7/tasks?repeat=2");
		request("/api/residences/7/tasks?repeat=1");
		assertThat(this.telemetry.traces()).hasSize(2);
		assertThat(this.telemetry.traceOf(TASKS)).queries().hasCount(1);
	}

	private void request(String uri) throws Exception {
		this.mvc.perform(get(uri)).andExpect(status().isOk());
	}

	static String withoutDurations(Throwable failure) {
		return failure.getMessage().replaceAll("\\(\\d+(\\.\\d+)? ms\\)", "(<t> ms)");
	}

}
