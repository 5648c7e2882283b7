package dev.observability.sample.residence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.observability.test.ObservabilityTest;
import dev.observability.test.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.embedded.RedisServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The residences API while the embedded Redis server is stopped: the ids come from the
 * database within the configured Redis timeout, a residence can still be added, and the
 * cache is used again once Redis is back. Each test restarts the server it stopped; the
 * context is closed after the class, as Lettuce's reconnection state is not worth
 * sharing.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:residence-ids-without-redis")
@AutoConfigureMockMvc
@ObservabilityTest
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class ResidenceIdsWithoutRedisTests {

	private static final String ROUTE = "/api/residences/ids";

	private static final Duration BOUND = Duration.ofSeconds(5);

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Telemetry telemetry;

	@Autowired
	private RedisServer redisServer;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private ResidenceRepository residences;

	@AfterEach
	void restartRedis() throws IOException {
		this.redisServer.start();
	}

	@Test
	void theIdsComeFromTheDatabaseWithinBoundedTimeWhenRedisIsDown(CapturedOutput output) throws IOException {
		cachedIds();
		this.redisServer.stop();
		this.telemetry.reset();

		List<Long> ids = assertTimeoutPreemptively(BOUND, this::ids);

		assertThat(ids).isEqualTo(this.residences.findAllIds());
		assertThat(this.telemetry.traceOf("GET " + ROUTE)).queries().hasCount(1);
		List<String> lines = output.getOut().lines().toList();
		List<String> warnings = lines.stream().filter((line) -> line.contains("Redis failed")).toList();
		assertThat(warnings).singleElement()
			.satisfies((line) -> assertThat(line).contains(" WARN ",
					"Residence ids read from the database, Redis failed: "));
		int next = lines.indexOf(warnings.get(0)) + 1;
		assertThat((next < lines.size()) ? lines.get(next) : "").as("line after the warning, not a stack trace")
			.doesNotStartWith("\tat ")
			.doesNotContain("Exception: ");
	}

	@Test
	void aResidenceIsAddedWhenRedisIsDown(CapturedOutput output) throws IOException {
		cachedIds();
		this.redisServer.stop();

		MvcTestResult created = assertTimeoutPreemptively(BOUND,
				() -> this.mvc.post()
					.uri("/api/residences")
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"name\": \"Alder House\", \"address\": \"6 Orchard Lane, York\"}")
					.exchange());

		assertThat(created).hasStatus(HttpStatus.CREATED);
		assertThat(output.getOut())
			.contains("Residence ids not evicted, Redis failed; cached ids may miss a change for up to 10 minutes");
		long id = ((Number) JsonPath.read(body(created), "$.id")).longValue();
		assertThat(assertTimeoutPreemptively(BOUND, this::ids)).contains(id);
	}

	@Test
	void healthShowsRedisDownAndTheDatabaseUp() throws IOException {
		this.redisServer.stop();

		MvcTestResult health = assertTimeoutPreemptively(BOUND,
				() -> this.mvc.get().uri("/actuator/health").exchange());

		assertThat(health).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.bodyJson()
			.extractingPath("$.components.redis.status")
			.isEqualTo("DOWN");
		assertThat(health).bodyJson().extractingPath("$.components.db.status").isEqualTo("UP");
	}

	@Test
	void theCacheIsUsedAgainOnceRedisIsBack() throws IOException {
		cachedIds();
		this.redisServer.stop();
		assertTimeoutPreemptively(BOUND, this::ids);

		this.redisServer.start();

		// The restarted server is empty: a key there was written after the restart.
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptionsInstanceOf(DataAccessException.class)
			.untilAsserted(() -> {
				assertThat(ids()).isNotEmpty();
				assertThat(this.redis.hasKey(ResidenceIdsCache.KEY)).isTrue();
			});
	}

	/**
	 * Fill the cache, waiting for Lettuce to reconnect when a previous test restarted the
	 * server (until then the ids come from the database and are not cached).
	 */
	private void cachedIds() {
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptionsInstanceOf(DataAccessException.class)
			.untilAsserted(() -> {
				ids();
				assertThat(this.redis.hasKey(ResidenceIdsCache.KEY)).isTrue();
			});
	}

	private List<Long> ids() {
		MvcTestResult result = this.mvc.get().uri(ROUTE).exchange();
		assertThat(result).hasStatusOk();
		List<Number> ids = JsonPath.read(body(result), "$");
		return ids.stream().map(Number::longValue).toList();
	}

	private static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

}
