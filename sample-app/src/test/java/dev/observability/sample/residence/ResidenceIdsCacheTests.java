package dev.observability.sample.residence;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import dev.observability.test.ObservabilityTest;
import dev.observability.test.Telemetry;
import dev.observability.test.Trace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/residences/ids} against the embedded Redis server: a miss reads the
 * database and fills the cache, a hit reads Redis only, and adding a residence evicts the
 * ids. Runs on a database of its own, as it adds residences.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:residence-ids")
@AutoConfigureMockMvc
@ObservabilityTest
class ResidenceIdsCacheTests {

	private static final String ROUTE = "/api/residences/ids";

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Telemetry telemetry;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private ResidenceRepository residences;

	@BeforeEach
	void startWithoutCachedIds() {
		this.redis.delete(ResidenceIdsCache.KEY);
	}

	@Test
	void aMissReadsTheIdsFromTheDatabaseAndCachesThemForTenMinutes() {
		List<Long> expected = this.residences.findAllIds();
		this.telemetry.reset();

		assertThat(ids()).isEqualTo(expected).hasSizeGreaterThanOrEqualTo(SampleDataSeeder.RESIDENCES.size());

		assertThat(this.redis.opsForValue().get(ResidenceIdsCache.KEY))
			.isEqualTo(expected.stream().map(String::valueOf).collect(Collectors.joining(",")));
		assertThat(this.redis.getExpire(ResidenceIdsCache.KEY, TimeUnit.SECONDS)).isBetween(590L, 600L);
		Trace trace = this.telemetry.traceOf("GET " + ROUTE);
		assertThat(trace).hasTree("""
				GET /api/residences/ids
				  ResidenceIdsCache.ids
				    GET
				    SELECT residence
				    SET
				""");
		assertThat(trace).queries().hasCount(1);
		assertThat(trace).redisCommands().hasCount(2);
		assertThat(trace).span("GET")
			.hasAttribute("db.system.name", "redis")
			.hasAttribute("db.collection.name", "residence-ids:*");
	}

	@Test
	void theNextReadIsAHitThatRunsNoQuery() {
		List<Long> first = ids();
		this.telemetry.reset();

		assertThat(ids()).isEqualTo(first);

		Trace trace = this.telemetry.traceOf("GET " + ROUTE);
		assertThat(trace).hasTree("""
				GET /api/residences/ids
				  ResidenceIdsCache.ids
				    GET
				""");
		assertThat(trace).queries().hasCount(0);
		assertThat(trace).redisCommands().hasCount(1);
	}

	@Test
	void aHitAnswersWhatRedisHolds() {
		this.redis.opsForValue().set(ResidenceIdsCache.KEY, "2,3,999");

		assertThat(ids()).containsExactly(2L, 3L, 999L);
	}

	@Test
	void addingAResidenceEvictsTheIdsSoTheNextReadIncludesIt() {
		ids();
		assertThat(this.redis.hasKey(ResidenceIdsCache.KEY)).isTrue();

		MvcTestResult created = this.mvc.post()
			.uri("/api/residences")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"Willow Barn\", \"address\": \"5 Orchard Lane, York\"}")
			.exchange();
		assertThat(created).hasStatus(HttpStatus.CREATED);
		long id = ((Number) JsonPath.read(body(created), "$.id")).longValue();

		assertThat(this.redis.hasKey(ResidenceIdsCache.KEY)).isFalse();
		assertThat(ids()).contains(id);
		assertThat(this.redis.opsForValue().get(ResidenceIdsCache.KEY)).endsWith("," + id);
	}

	@Test
	void healthShowsTheEmbeddedRedisUp() {
		MvcTestResult health = this.mvc.get().uri("/actuator/health").exchange();
		assertThat(health).hasStatusOk().bodyJson().extractingPath("$.components.redis.status").isEqualTo("UP");
		assertThat(health).bodyJson().extractingPath("$.components.redis.details.version").asString().startsWith("6.2");
	}

	private List<Long> ids() {
		MvcTestResult result = this.mvc.get().uri(ROUTE).exchange();
		assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		List<Number> ids = JsonPath.read(body(result), "$");
		return ids.stream().map(Number::longValue).toList();
	}

	private static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

}
