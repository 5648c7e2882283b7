package dev.observability.sample.residence;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import dev.observability.test.ObservabilityTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client of the residences API sees, written once and run against each database
 * the app supports (one subclass per wiring). Subclasses with the same wiring share one
 * cached application context; tests therefore only add data and never depend on what
 * another test added.
 */
// every finding logged, whichever test meets it first, and no overdue scan during the
// run (each scan is a trace of its own, and a test lists every trace); the same in both
// scenarios, so they keep sharing one application context per wiring
@SpringBootTest(properties = { "observability.jdbc.findings.log-cooldown=1ms", "sample.overdue-scan.interval=1h" })
@AutoConfigureMockMvc
@ObservabilityTest
abstract class ResidenceApiScenario {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private SampleDataSeeder seeder;

	@Autowired
	private ResidenceRepository residences;

	/**
	 * Product name the JDBC driver of this wiring reports.
	 * @return for example {@code H2} or {@code PostgreSQL}
	 */
	abstract String expectedDatabaseProductName();

	@Test
	void runsAgainstTheDatabaseOfThisWiring() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo(expectedDatabaseProductName());
		}
	}

	@Test
	void seedsNothingWhenResidencesExist() {
		long before = this.residences.count();
		this.seeder.seedIfEmpty();
		assertThat(this.residences.count()).isEqualTo(before).isPositive();
	}

	@Test
	void listsTheSeededResidencesByName() {
		assertThat(this.mvc.get().uri("/api/residences")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].name")
			.asArray()
			.containsExactly("Harbour View", "Linden Court", "Maple House");
	}

	@Test
	void listsTheSeededTasksOfAResidenceSoonestDueFirst() {
		long residenceId = residenceId("Harbour View");
		MvcTestResult result = this.mvc.get().uri("/api/residences/{id}/tasks", residenceId).exchange();
		assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		assertThat(result).bodyJson()
			.extractingPath("$[*].title")
			.asArray()
			.containsExactly("Service the boiler", "Clean the gutters", "Test the smoke alarms",
					"Repaint the front door");
		assertThat(result).bodyJson().extractingPath("$[0].status").isEqualTo("DONE");
		assertThat(result).bodyJson().extractingPath("$[1].status").isEqualTo("OPEN");
	}

	@Test
	void servesTasksUnderTheRouteThatNamesTheirHttpSpan() {
		MvcTestResult result = this.mvc.get().uri("/api/residences/{id}/tasks", residenceId("Harbour View")).exchange();
		assertThat(result.getRequest().getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))
			.isEqualTo("/api/residences/{id}/tasks");
	}

	@Test
	void answersAnUnknownResidenceWithANotFoundProblemDetail() {
		MvcTestResult result = this.mvc.get().uri("/api/residences/{id}/tasks", 999_999).exchange();
		assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(404);
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Residence not found");
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("No residence with id 999999");
	}

	@Test
	void createsATaskThatAFollowingGetReturns() {
		long residenceId = residenceId("Linden Court");
		MvcTestResult created = this.mvc.post()
			.uri("/api/residences/{id}/tasks", residenceId)
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"title": "Sweep the chimney", "dueDate": "2031-01-15"}
					""")
			.exchange();
		assertThat(created).hasStatus(HttpStatus.CREATED);
		assertThat(created).bodyJson().extractingPath("$.status").isEqualTo("OPEN");
		String location = created.getResponse().getHeader("Location");
		assertThat(location).matches("http://localhost/api/residences/" + residenceId + "/tasks/\\d+");
		assertThat(this.mvc.get().uri(location)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.title")
			.isEqualTo("Sweep the chimney");
		assertThat(this.mvc.get().uri("/api/residences/{id}/tasks", residenceId)).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].title")
			.asArray()
			.contains("Sweep the chimney");
	}

	@Test
	void rejectsATaskWithoutTitleWithABadRequestProblemDetail() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/residences/{id}/tasks", residenceId("Linden Court"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"title": " ", "dueDate": "2031-01-15"}
					""")
			.exchange();
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("title must not be blank");
	}

	@Test
	void completesAnOpenTaskAndAnswersItDone() {
		long residenceId = residenceId("Linden Court");
		long taskId = createTask(residenceId, "Clear the moss off the roof", "2031-02-10");
		MvcTestResult completed = this.mvc.post()
			.uri("/api/residences/{id}/tasks/{taskId}/complete", residenceId, taskId)
			.exchange();
		assertThat(completed).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		assertThat(completed).bodyJson().isStrictlyEqualTo("""
				{"id": %d, "title": "Clear the moss off the roof", "status": "DONE", "dueDate": "2031-02-10"}
				""".formatted(taskId));
		assertThat(this.mvc.get().uri("/api/residences/{id}/tasks/{taskId}", residenceId, taskId)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("DONE");
	}

	@Test
	void completingADoneTaskAgainAnswersItUnchanged() {
		long residenceId = residenceId("Linden Court");
		long taskId = createTask(residenceId, "Service the lift", "2031-02-11");
		String first = body(
				this.mvc.post().uri("/api/residences/{id}/tasks/{taskId}/complete", residenceId, taskId).exchange());
		String again = body(
				this.mvc.post().uri("/api/residences/{id}/tasks/{taskId}/complete", residenceId, taskId).exchange());
		assertThat(again).isEqualTo(first).contains("\"status\":\"DONE\"");
	}

	@Test
	void answersCompletingAnUnknownTaskWithANotFoundProblemDetail() {
		long residenceId = residenceId("Linden Court");
		MvcTestResult result = this.mvc.post()
			.uri("/api/residences/{id}/tasks/{taskId}/complete", residenceId, 999_999)
			.exchange();
		assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(404);
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Task not found");
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("No task with id 999999 at residence " + residenceId);
	}

	@Test
	void answersCompletingATaskOfAnotherResidenceWithNotFoundAndLeavesItOpen() {
		long lindenCourt = residenceId("Linden Court");
		long harbourView = residenceId("Harbour View");
		long taskId = createTask(lindenCourt, "Repair the porch step", "2031-02-12");
		assertThat(this.mvc.post().uri("/api/residences/{id}/tasks/{taskId}/complete", harbourView, taskId))
			.hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("No task with id " + taskId + " at residence " + harbourView);
		assertThat(this.mvc.get().uri("/api/residences/{id}/tasks/{taskId}", lindenCourt, taskId)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("OPEN");
	}

	private long createTask(long residenceId, String title, String dueDate) {
		MvcTestResult created = this.mvc.post()
			.uri("/api/residences/{id}/tasks", residenceId)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\": \"" + title + "\", \"dueDate\": \"" + dueDate + "\"}")
			.exchange();
		assertThat(created).hasStatus(HttpStatus.CREATED);
		return ((Number) JsonPath.read(bodyOf(created), "$.id")).longValue();
	}

	private long residenceId(String name) {
		String residences = body(this.mvc.get().uri("/api/residences").exchange());
		List<Number> ids = JsonPath.read(residences, "$[?(@.name == '" + name + "')].id");
		assertThat(ids).as("id of residence '%s'", name).hasSize(1);
		return ids.get(0).longValue();
	}

	private static String body(MvcTestResult result) {
		assertThat(result).hasStatusOk();
		return bodyOf(result);
	}

	private static String bodyOf(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

}
