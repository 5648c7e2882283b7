package dev.observability.sample.otlp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.jayway.jsonpath.JsonPath;
import dev.observability.test.OtlpReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample under steady requests while its collector is black-holed (reads requests and
 * never answers), slow (answers after twice the export timeout) and unreachable (nothing
 * listens): every request answers {@code 200} well within the one-second export timeout,
 * so none waits on export; the span pipeline accounts for every span
 * ({@code created = exported + failed + dropped + queued}); what it counts as exported is
 * what the collector accepted; the {@code telemetry} health contributor says
 * {@code DEGRADED} while readiness stays {@code UP}; and the bearer token appears in no
 * log line, not even in the warning about lost spans.
 * <p>
 * One application serves all three modes, as starting the sample takes longer than a
 * mode: each test first lets a healthy collector take what is queued until the
 * contributor is {@code UP} again, then switches the fault on and compares the counts
 * before and after. The unreachable collector is the receiver closed, so that test runs
 * last. A small queue (256 spans, batches of 64, a one-second export timeout) makes
 * losses happen within a few hundred requests.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:collector-faults", "sample.overdue-scan.interval=1h",
				"management.endpoint.health.probes.enabled=true",
				"observability.otlp.bearer-token=" + SampleCollectorFaultTests.TOKEN, "observability.otlp.timeout=1s",
				"observability.otlp.spans.max-queue-size=256", "observability.otlp.spans.max-batch-size=64",
				"observability.otlp.spans.schedule-delay=100ms",
				// a drop keeps the contributor DEGRADED for this long: short, so that it
				// is UP again before the next mode
				"observability.otlp.warning-interval=1s",
				// metrics go to the same collector, and its health recovers with them
				"management.otlp.metrics.export.step=1s",
				// a tree per request in the log would only slow the run down
				"observability.trace-log.enabled=false" })
@AutoConfigureTracing
@AutoConfigureMetrics
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleCollectorFaultTests {

	static final String TOKEN = "otlp-token-5d02a7c4e9";

	private static final Log logger = LogFactory.getLog(SampleCollectorFaultTests.class);

	private static final int REQUESTS = 200;

	// 3 spans a request: GET /api/residences, ResidenceService.list, SELECT residence
	private static final int SPANS_PER_REQUEST = 3;

	// the export timeout: a request that waited on an export would take at least this
	private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration BOUND = Duration.ofSeconds(15);

	private static final OtlpReceiver receiver = OtlpReceiver.start();

	private static final String ENDPOINT = receiver.endpoint();

	private static final HttpClient http = HttpClient.newHttpClient();

	// spans a slow collector took after the application had counted them as failed
	private static long lateSpans;

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void collector(DynamicPropertyRegistry registry) {
		registry.add("observability.otlp.endpoint", () -> ENDPOINT);
	}

	@AfterAll
	static void closeReceiver() {
		receiver.close();
	}

	@Test
	@Order(1)
	void aBlackHoledCollectorLosesSpansButNoRequestWaitsAndEverySpanIsCounted(CapturedOutput output) throws Exception {
		Counts before = recoverWithAHealthyCollector();
		long receivedBefore = receiver.spanCount();

		Counts lost = whileFaulty("black-holed", receiver::blackHole, before, output);

		assertThat(lost.exported()).as("exported while black-holed").isZero();
		assertThat(receiver.spanCount()).as("spans the black-holed collector kept").isEqualTo(receivedBefore);
	}

	@Test
	@Order(2)
	void aSlowCollectorLosesSpansButNoRequestWaitsAndEverySpanIsCounted(CapturedOutput output) throws Exception {
		Counts before = recoverWithAHealthyCollector();
		long receivedBefore = receiver.spanCount();

		Counts lost = whileFaulty("slow", () -> receiver.slow(EXPORT_TIMEOUT.multipliedBy(2)), before, output);

		assertThat(lost.exported()).as("exported while the collector answered after the export timeout").isZero();
		// healthy again: what is queued is exported, and batches the application gave up
		// on arrive when the collector's late answers are due
		receiver.healthy();
		Counts settled = settled().minus(before);
		await().atMost(BOUND)
			.until(() -> receiver.spanCount() - receivedBefore >= settled.exported() + settled.failed());
		long received = receiver.spanCount() - receivedBefore;
		logger.info("Then healthy until the queue was empty: exported " + settled.exported() + ", failed "
				+ settled.failed() + ", dropped " + settled.dropped() + ", received by the collector " + received);
		assertThat(received).as("spans the collector received: each exported or failed span once")
			.isEqualTo(settled.exported() + settled.failed());
		lateSpans += settled.failed();
	}

	@Test
	@Order(3)
	void anUnreachableCollectorLosesSpansButNoRequestWaitsAndEverySpanIsCounted(CapturedOutput output)
			throws Exception {
		Counts before = recoverWithAHealthyCollector();

		// nothing listens on the receiver's port any more: connections are refused
		Counts lost = whileFaulty("unreachable", receiver::close, before, output);

		assertThat(lost.exported()).as("exported while unreachable").isZero();
	}

	/**
	 * Switch the fault on, send {@value #REQUESTS} requests one after the other, each of
	 * which must answer {@code 200} in less than the export timeout, wait until every
	 * span is accounted for and an export has failed, and check what the application says
	 * about it.
	 * @param mode the fault, for the log
	 * @param fault switches the fault on
	 * @param before the counts before
	 * @param output the captured output
	 * @return the growth of the counts
	 */
	private Counts whileFaulty(String mode, Runnable fault, Counts before, CapturedOutput output) throws Exception {
		int warningsBefore = warnings(output);
		fault.run();
		Duration slowest = Duration.ZERO;
		for (int i = 0; i < REQUESTS; i++) {
			long start = System.nanoTime();
			assertThat(get("/api/residences")).as("status of request %d", i).isEqualTo(200);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(took).as("time request %d took", i).isLessThan(EXPORT_TIMEOUT);
			slowest = (took.compareTo(slowest) > 0) ? took : slowest;
		}
		// Spans the processor took from the queue into a batch it has not sent yet are
		// counted nowhere for a moment: wait until every span is accounted for. Drops
		// alone keep the contributor DEGRADED for the warning interval only, a failed
		// export until one succeeds: wait for one too.
		AtomicReference<Counts> accounted = new AtomicReference<>();
		await().atMost(BOUND).untilAsserted(() -> {
			Counts counts = counts();
			assertThat(counts.exported() + counts.failed() + counts.dropped() + counts.queued())
				.as("exported + failed + dropped + queued of %s", counts)
				.isEqualTo(counts.created());
			assertThat(counts.failed()).as("spans in failed exports").isGreaterThan(before.failed());
			accounted.set(counts);
		});
		Counts lost = accounted.get().minus(before);
		logger.info("Collector " + mode + ", " + REQUESTS + " requests (slowest " + slowest.toMillis()
				+ " ms): created " + lost.created() + ", exported " + lost.exported() + ", failed " + lost.failed()
				+ ", dropped " + lost.dropped() + ", queued " + lost.queued() + "; " + exportCalls());
		assertThat(lost.created()).as("spans created").isGreaterThanOrEqualTo(REQUESTS * SPANS_PER_REQUEST);
		assertDegradedButReady();
		await().atMost(BOUND).until(() -> warnings(output) > warningsBefore);
		assertThat(output.getOut()).doesNotContain(TOKEN);
		assertThat(output.getErr()).doesNotContain(TOKEN);
		return lost;
	}

	/**
	 * Switch the receiver to healthy and wait until the queue is empty, the counts add up
	 * and the {@code telemetry} contributor is {@code UP}, after a request whose spans
	 * are exported, so that the contributor has seen a success after any failure.
	 * @return the counts once healthy
	 */
	private Counts recoverWithAHealthyCollector() throws Exception {
		receiver.healthy();
		assertThat(get("/api/residences")).isEqualTo(200);
		await().atMost(BOUND)
			.untilAsserted(() -> assertThat(JsonPath.<String>read(body("/actuator/health/telemetry"), "$.status"))
				.isEqualTo("UP"));
		Counts healthy = settled();
		assertThat(healthy.exported()).as("exported since start, against what the collector accepted in time")
			.isEqualTo(receiver.spanCount() - lateSpans);
		return healthy;
	}

	/**
	 * Wait until nothing is queued or in export and every span is exported, failed or
	 * dropped. The queue may look empty while the processor holds spans it took from it
	 * for a batch that is not full yet: only the counts adding up tell that it sent them.
	 * @return the counts then
	 */
	private Counts settled() {
		AtomicReference<Counts> settled = new AtomicReference<>();
		await().atMost(BOUND).untilAsserted(() -> {
			Counts counts = counts();
			assertThat(counts.queued()).as("queued of %s", counts).isZero();
			assertThat(counts.exported() + counts.failed() + counts.dropped())
				.as("exported + failed + dropped of %s", counts)
				.isEqualTo(counts.created());
			settled.set(counts);
		});
		return settled.get();
	}

	private void assertDegradedButReady() throws Exception {
		String telemetry = body("/actuator/health/telemetry");
		assertThat(JsonPath.<String>read(telemetry, "$.status")).as(telemetry).isEqualTo("DEGRADED");
		assertThat(telemetry).doesNotContain(TOKEN);
		assertThat(JsonPath.<String>read(body("/actuator/health/readiness"), "$.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(body("/actuator/health/liveness"), "$.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(body("/actuator/health"), "$.status")).isEqualTo("UP");
	}

	private static int warnings(CapturedOutput output) {
		String warning = " span(s) exporting to " + ENDPOINT + "/v1/traces since the last warning";
		return (int) output.getOut().lines().filter((line) -> line.contains(warning)).count();
	}

	private Counts counts() {
		return new Counts(count("ended"), count("exported"), count("failed"), count("dropped"),
				(long) this.meters.get("telemetry.spans.queued").gauge().value());
	}

	private long count(String outcome) {
		return (long) this.meters.get("telemetry.spans." + outcome).functionCounter().count();
	}

	private String exportCalls() {
		Timer failures = this.meters.find("telemetry.export.duration")
			.tags("signal", "traces", "outcome", "failure")
			.timer();
		return (failures != null) ? "failed export calls " + failures.count() + ", longest "
				+ (long) failures.max(TimeUnit.MILLISECONDS) + " ms" : "no failed export call";
	}

	private int get(String path) throws Exception {
		return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private String body(String path) throws Exception {
		HttpResponse<String> response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("status of %s", path).isEqualTo(200);
		return response.body();
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).timeout(BOUND).build();
	}

	/**
	 * The span pipeline's meters at one moment, or their growth between two.
	 */
	private record Counts(long created, long exported, long failed, long dropped, long queued) {

		Counts minus(Counts earlier) {
			return new Counts(this.created - earlier.created, this.exported - earlier.exported,
					this.failed - earlier.failed, this.dropped - earlier.dropped, this.queued);
		}

	}

}
