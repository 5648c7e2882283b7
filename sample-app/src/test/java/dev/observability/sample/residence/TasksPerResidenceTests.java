package dev.observability.sample.residence;

import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.observability.test.ObservabilityTest;
import dev.observability.test.Telemetry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The N+1-shaped listing of open tasks per residence, and adding residences. Runs on a
 * database of its own, so the residences added here never reach the scenarios that expect
 * exactly the seeded ones.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:tasks-per-residence")
@AutoConfigureMockMvc
@ObservabilityTest
class TasksPerResidenceTests {

	private static final String ROUTE = "/api/residences/tasks-per-residence";

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Telemetry telemetry;

	@Test
	void countsTheOpenTasksOfEachSeededResidenceByName() throws Exception {
		MvcTestResult result = this.mvc.get().uri(ROUTE).exchange();
		assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		String body = result.getResponse().getContentAsString();
		List<String> names = JsonPath.read(body, "$[*].name");
		assertThat(names).startsWith("Harbour View", "Linden Court", "Maple House");
		List<Integer> openAtHarbourView = JsonPath.read(body, "$[?(@.name == 'Harbour View')].openTasks");
		assertThat(openAtHarbourView).containsExactly(3);
	}

	@Test
	void runsOneQueryForTheResidencesAndOneMorePerResidence() throws Exception {
		create("Quince Cottage", "1 Orchard Lane, York");
		create("Rowan Lodge", "2 Orchard Lane, York");
		List<Integer> ids = JsonPath
			.read(this.mvc.get().uri("/api/residences").exchange().getResponse().getContentAsString(), "$[*].id");

		assertThat(this.mvc.get().uri(ROUTE)).hasStatusOk();

		assertThat(ids).hasSizeGreaterThanOrEqualTo(5);
		assertThat(this.telemetry.traceOf("GET " + ROUTE)).queries().hasCount(1 + ids.size());
	}

	@Test
	void createsAResidenceThatAFollowingGetReturns() {
		MvcTestResult created = create("Sorrel House", "3 Orchard Lane, York");
		assertThat(created).hasStatus(HttpStatus.CREATED);
		String location = created.getResponse().getHeader("Location");
		assertThat(location).matches("http://localhost/api/residences/\\d+");
		assertThat(this.mvc.get().uri(location)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.name")
			.isEqualTo("Sorrel House");
	}

	@Test
	void rejectsAResidenceWithoutNameWithABadRequestProblemDetail() {
		MvcTestResult result = create(" ", "4 Orchard Lane, York");
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("name must not be blank");
	}

	private MvcTestResult create(String name, String address) {
		return this.mvc.post()
			.uri("/api/residences")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"" + name + "\", \"address\": \"" + address + "\"}")
			.exchange();
	}

}
