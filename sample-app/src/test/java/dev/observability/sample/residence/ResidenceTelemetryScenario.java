package dev.observability.sample.residence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.observability.test.ObservabilityTest;
import dev.observability.test.Telemetry;
import dev.observability.test.Trace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the starter tells about the residences API, written once and run against each
 * database the app supports. Same annotations as {@link ResidenceApiScenario}, so both
 * scenarios share one application context per wiring.
 */
// every finding logged, whichever test meets it first, and no overdue scan during the
// run (each scan is a trace of its own, and a test lists every trace); the same in both
// scenarios, so they keep sharing one application context per wiring
@SpringBootTest(properties = { "observability.jdbc.findings.log-cooldown=1ms", "sample.overdue-scan.interval=1h" })
@AutoConfigureMockMvc
@ObservabilityTest
@ExtendWith(OutputCaptureExtension.class)
abstract class ResidenceTelemetryScenario {

	private static final String TASKS_ROUTE = "/api/residences/{id}/tasks";

	private static final String COMPLETE_ROUTE = "/api/residences/{id}/tasks/{taskId}/complete";

	private static final String REMINDER_JOB = "job ReminderSender.sendCompletionReminder";

	private static final long LINDEN_COURT = 2;

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Telemetry telemetry;

	@Test
	void tasksOfAResidenceAreOneTraceFromHttpThroughTheServiceToSql() {
		assertThat(this.mvc.get().uri("/api/residences/1/tasks")).hasStatusOk();

		Trace trace = this.telemetry.traceOf("GET " + TASKS_ROUTE);
		assertThat(trace).hasTree("""
				GET /api/residences/{id}/tasks
				  TaskService.listForResidence
				    SELECT residence
				    SELECT task
				""");
		assertThat(trace).queries().hasCount(2);
	}

	@Test
	void prometheusShowsRouteAndSqlHistograms() throws Exception {
		assertThat(this.mvc.get().uri("/api/residences/1/tasks")).hasStatusOk();

		String scrape = this.mvc.get().uri("/actuator/prometheus").exchange().getResponse().getContentAsString();
		assertThat(scrape.lines().filter((line) -> line.startsWith("http_server_request_duration_seconds_bucket{")))
			.anySatisfy((line) -> assertThat(line).contains("http_route=\"" + TASKS_ROUTE + "\"")
				.contains("http_request_method=\"GET\"")
				.contains("http_response_status_code=\"200\"")
				.contains("le=\"0.005\""));
		assertThat(scrape.lines().filter((line) -> line.startsWith("db_client_operation_duration_seconds_bucket{")))
			.anySatisfy((line) -> assertThat(line).contains("db_operation_name=\"SELECT\"")
				.contains("db_collection_name=\"task\"")
				.contains("le=\"0.001\""));
		assertThat(scrape).as("raw URLs and SQL never become labels")
			.doesNotContain("/api/residences/1/tasks")
			.doesNotContainIgnoringCase("select ");
	}

	@Test
	void noLiteralOfTheRequestReachesASpan() {
		String title = "Replace the boiler valve 7731";
		assertThat(this.mvc.post()
			.uri("/api/residences/2/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\": \"" + title + "\", \"dueDate\": \"2031-02-03\"}")).hasStatus(HttpStatus.CREATED);

		Trace trace = this.telemetry.traceOf("POST " + TASKS_ROUTE);
		assertThat(trace).queries().hasCountAtMost(3);
		List<String> attributeValues = trace.spans()
			.stream()
			.flatMap((span) -> span.getAttributes().asMap().values().stream())
			.map(String::valueOf)
			.toList();
		assertThat(attributeValues).isNotEmpty()
			.noneMatch((value) -> value.contains("boiler") || value.contains("7731") || value.contains("2031"));
	}

	@Test
	void actuatorRequestsCreateNoSpan() {
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk();
		assertThat(this.mvc.get().uri("/actuator/prometheus")).hasStatusOk();
		assertThat(this.mvc.get().uri("/api/residences")).hasStatusOk();

		this.telemetry.traceOf("GET /api/residences");
		List<SpanData> spans = this.telemetry.spans();
		assertThat(spans).extracting(SpanData::getName).isNotEmpty().noneMatch((name) -> name.contains("actuator"));
		assertThat(this.telemetry.traces()).extracting(Trace::rootName).containsExactly("GET /api/residences");
	}

	@Test
	void theTraceTreeIsLogged(CapturedOutput output) {
		assertThat(this.mvc.get().uri("/api/residences/3/tasks")).hasStatusOk();

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut()).containsPattern(
					"(?s)GET /api/residences/\\{id}/tasks .*\\n  TaskService\\.listForResidence .*\\n    SELECT residence .*\\n    SELECT task "));
	}

	@Test
	void lazyTasksWalkedPerResidenceAreOneNPlusOneOnResidenceTasks(CapturedOutput output) throws Exception {
		int residences = residenceCount();
		assertThat(this.mvc.get().uri("/api/residences/tasks-per-residence")).hasStatusOk();

		Trace trace = this.telemetry.traceOf("GET /api/residences/tasks-per-residence");
		assertThat(trace).hasNoRepeatedQueries()
			.hasNPlusOne()
			.on("Residence.tasks")
			.at("dev.observability.sample.residence.ResidenceService.countOpenTasks(ResidenceService.java:")
			.withCount(residences);
		assertThat(trace.findings().all()).hasSize(1);
		assertThat(output.getOut()).containsPattern("WARN .* N\\+1 query in GET /api/residences/tasks-per-residence: "
				+ "\"select .* from task .* where .*residence_id=\\?.*\" ran " + residences + " times .* loading "
				+ "Residence\\.tasks, at dev\\.observability\\.sample\\.residence\\.ResidenceService\\.countOpenTasks");

		String scrape = this.mvc.get().uri("/actuator/prometheus").exchange().getResponse().getContentAsString();
		assertThat(scrape.lines().filter((line) -> line.startsWith("observability_db_query_findings_total{")))
			.anySatisfy((line) -> assertThat(line).contains("finding_kind=\"n_plus_one\"")
				.contains("unit_name=\"/api/residences/tasks-per-residence\"")
				.contains("db_collection_name=\"task\""));
	}

	@Test
	void theTwinThatLoadsTasksInOneQueryHasNoFindingAndTheSameAnswer() throws Exception {
		String lazy = this.mvc.get()
			.uri("/api/residences/tasks-per-residence")
			.exchange()
			.getResponse()
			.getContentAsString();
		this.telemetry.reset();
		MvcTestResult joined = this.mvc.get().uri("/api/residences/tasks-per-residence/joined").exchange();
		assertThat(joined).hasStatusOk();
		assertThat(joined.getResponse().getContentAsString()).isEqualTo(lazy);

		Trace trace = this.telemetry.traceOf("GET /api/residences/tasks-per-residence/joined");
		assertThat(trace).hasNoNPlusOne().hasNoRepeatedQueries();
		assertThat(trace).queries().hasCount(1);
		assertThat(this.telemetry.findings().all()).isEmpty();
	}

	@Test
	void remindersLookingTheAddressUpPerTaskAreOneRepeatedQuery() throws Exception {
		MvcTestResult result = this.mvc.get().uri("/api/residences/3/tasks/reminders").exchange();
		assertThat(result).hasStatusOk();
		List<String> reminders = JsonPath.read(result.getResponse().getContentAsString(), "$");
		assertThat(reminders).hasSizeGreaterThanOrEqualTo(3);

		Trace trace = this.telemetry.traceOf("GET /api/residences/{id}/tasks/reminders");
		assertThat(trace).hasNoNPlusOne()
			.hasRepeatedQuery()
			.at("dev.observability.sample.residence.TaskService.remindersForResidence(TaskService.java:")
			.withCount(reminders.size());
		assertThat(trace.findings().all()).singleElement()
			.satisfies((finding) -> assertThat(finding.getStatement()).contains("address", "from residence"));
	}

	@Test
	void prometheusShowsThePoolByNameAndHealthShowsItsContributor() throws Exception {
		assertThat(this.mvc.get().uri("/api/residences/1/tasks")).hasStatusOk();

		String scrape = this.mvc.get().uri("/actuator/prometheus").exchange().getResponse().getContentAsString();
		assertThat(scrape).contains(
				"db_client_connection_count{db_client_connection_pool_name=\"residences\",db_client_connection_state=\"idle\"}",
				"db_client_connection_wait_time_seconds_count{db_client_connection_pool_name=\"residences\"}",
				"db_client_connection_max{db_client_connection_pool_name=\"residences\"}",
				"jdbc_connections_active{name=\"dataSource\"}")
			.doesNotContain("hikaricp_");
		MvcTestResult health = this.mvc.get().uri("/actuator/health").exchange();
		assertThat(health).hasStatusOk()
			.bodyJson()
			.extractingPath("$.components.pool.details.pools.residences.status")
			.isEqualTo("UP");
		assertThat(health).bodyJson().extractingPath("$.components.pool.details.pools.residences.max").isEqualTo(10);
	}

	@Test
	void completingATaskSendsItsReminderAsAJobInTheRequestsTrace(CapturedOutput output) {
		long taskId = createTask(LINDEN_COURT, "Oil the garage door");
		assertThat(this.mvc.post().uri("/api/residences/{id}/tasks/{taskId}/complete", LINDEN_COURT, taskId))
			.hasStatusOk();

		// the reminder runs after the response: wait for its spans
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.telemetry.traceOf("POST " + COMPLETE_ROUTE)).hasTree("""
					POST /api/residences/{id}/tasks/{taskId}/complete
					  TaskService.complete
					    SELECT task
					    UPDATE task
					    job ReminderSender.sendCompletionReminder
					      SELECT task
					"""));
		Trace trace = this.telemetry.traceOf("POST " + COMPLETE_ROUTE);
		assertThat(trace).span(REMINDER_JOB)
			.hasAttribute("job.name", "ReminderSender.sendCompletionReminder")
			.hasAttribute("job.kind", "async")
			.hasAttribute("job.attempt", 1)
			.hasAttribute("job.outcome", "success");
		SpanData job = trace.spans().stream().filter((span) -> span.getName().equals(REMINDER_JOB)).findFirst().get();
		assertThat(job.getKind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(job.getAttributes().get(AttributeKey.longKey("job.queue.wait.ms"))).as("job.queue.wait.ms")
			.isNotNull()
			.isNotNegative();
		assertThat(trace).queries().hasCount(3);
		assertThat(output.getOut())
			.contains("Completion reminder sent for task " + taskId + " \"Oil the garage door\" at Linden Court");
	}

	@Test
	void completingADoneTaskAgainSendsNoSecondReminder(CapturedOutput output) {
		long done = createTask(LINDEN_COURT, "Check the loft insulation");
		assertThat(this.mvc.post().uri("/api/residences/{id}/tasks/{taskId}/complete", LINDEN_COURT, done))
			.hasStatusOk();
		assertThat(this.mvc.post().uri("/api/residences/{id}/tasks/{taskId}/complete", LINDEN_COURT, done))
			.hasStatusOk();
		long next = createTask(LINDEN_COURT, "Check the cellar pump");
		assertThat(this.mvc.post().uri("/api/residences/{id}/tasks/{taskId}/complete", LINDEN_COURT, next))
			.hasStatusOk();

		// a second reminder of the done task would be handed over before the next one
		String reminderOfDone = "Completion reminder sent for task " + done + " ";
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut()).contains(reminderOfDone,
					"Completion reminder sent for task " + next + " "));
		assertThat(output.getOut()).containsOnlyOnce(reminderOfDone);
	}

	private long createTask(long residenceId, String title) {
		MvcTestResult created = this.mvc.post()
			.uri(TASKS_ROUTE, residenceId)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\": \"" + title + "\", \"dueDate\": \"2031-03-01\"}")
			.exchange();
		assertThat(created).hasStatus(HttpStatus.CREATED);
		String body = new String(created.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
		return ((Number) JsonPath.read(body, "$.id")).longValue();
	}

	private int residenceCount() throws Exception {
		List<Integer> ids = JsonPath
			.read(this.mvc.get().uri("/api/residences").exchange().getResponse().getContentAsString(), "$[*].id");
		this.telemetry.reset();
		return ids.size();
	}

}
