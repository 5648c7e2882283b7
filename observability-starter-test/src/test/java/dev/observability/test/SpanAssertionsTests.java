package dev.observability.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
@ObservabilityTest
class SpanAssertionsTests {

	private static final String TASKS = "GET /api/residences/{id}/tasks";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Telemetry telemetry;

	@Test
	void spanHasAttributeComparesTheStringForm() throws Exception {
		request("/api/residences/7/tasks");
		Trace trace = this.telemetry.traceOf(TASKS);
		assertThat(trace).span("SELECT task")
			.hasAttribute("db.collection.name", "task")
			.hasAttribute("db.query.text", KitTestApplication.QUERY)
			.hasAttribute("db.system.name")
			.doesNotHaveAttribute("db.query.parameter.0");
		assertThat(trace).span(TASKS)
			.hasAttribute("http.response.status_code", 200)
			.hasAttribute("http.response.status_code", "200");
	}

	@Test
	void spanFailureListsTheSpanNamesOfTheTrace() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.traceOf(TASKS)).span("SELECT tasks"))
			.withMessage("""
					Expecting the trace "GET /api/residences/{id}/tasks" to have a span "SELECT tasks", but its span \
					names were:
					  GET /api/residences/{id}/tasks
					    TaskService.listForResidence
					      SELECT task""");
	}

	@Test
	void hasAttributeFailureShowsTheValueFoundAndTheAttributes() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.traceOf(TASKS)).span("SELECT task")
				.hasAttribute("db.collection.name", "tasks"))
			.satisfies((failure) -> assertThat(failure.getMessage()).startsWith("""
					Expecting the span "SELECT task" to have the attribute db.collection.name="tasks", but it has \
					db.collection.name="task".
					Attributes of the span:
					""").contains("  db.collection.name=\"task\"\n", "  db.system.name=\"h2\""));
	}

	@Test
	void hasAttributeFailureSaysWhenTheKeyIsMissing() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(
					() -> assertThat(this.telemetry.traceOf(TASKS)).span("SELECT task").hasAttribute("peer.service"))
			.withMessageStartingWith("""
					Expecting the span "SELECT task" to have the attribute "peer.service", but it has none of that key.
					Attributes of the span:
					""");
	}

	@Test
	void doesNotHaveAttributeFailureShowsTheValueFound() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.traceOf(TASKS)).span("SELECT task")
				.doesNotHaveAttribute("db.collection.name"))
			.withMessage("Expecting the span \"SELECT task\" not to have the attribute \"db.collection.name\", "
					+ "but it has db.collection.name=\"task\".");
	}

	@Test
	void spanIsTheFirstOfThatNameInStartOrder() throws Exception {
		request("/api/residences/7/tasks?repeat=2");
		Trace trace = this.telemetry.traceOf(TASKS);
		assertThat(trace).span("SELECT task").satisfies((span) -> assertThat(span).isSameAs(trace.spans().get(2)));
	}

	private void request(String uri) throws Exception {
		this.mvc.perform(get(uri)).andExpect(status().isOk());
	}

}
