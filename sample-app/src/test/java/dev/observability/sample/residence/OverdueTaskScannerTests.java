package dev.observability.sample.residence;

import java.time.Duration;
import java.util.List;

import dev.observability.test.ObservabilityTest;
import dev.observability.test.Telemetry;
import dev.observability.test.Trace;
import io.micrometer.core.instrument.Counter;
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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scheduled scan for overdue tasks, every 200 ms here: each run is a trace of its own
 * with its one query, is counted as a job outcome, shows in the {@code jobs} health
 * contributor, and logs only when a task is overdue. Runs on a database of its own, as it
 * adds an overdue task, and closes its application context afterwards, which stops the
 * scans (a cached context would go on scanning and logging for the rest of the test run).
 */
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:overdue-scan", "sample.overdue-scan.interval=200ms" })
@AutoConfigureMockMvc
@ObservabilityTest
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class OverdueTaskScannerTests {

	private static final String SCAN = "job OverdueTaskScanner.scan";

	private static final Duration BOUND = Duration.ofSeconds(5);

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Telemetry telemetry;

	@Test
	void eachScanIsARootSpanOfATraceOfItsOwnWithItsQueryUnderIt() {
		assertThat(this.mvc.get().uri("/api/residences/1/tasks")).hasStatusOk();
		Trace request = this.telemetry.traceOf("GET /api/residences/{id}/tasks");

		await().atMost(BOUND).until(() -> scans().size() >= 2);

		List<Trace> scans = scans();
		for (Trace scan : scans) {
			assertThat(scan).hasTree("""
					job OverdueTaskScanner.scan
					  SELECT task
					""");
			assertThat(scan).span(SCAN)
				.hasAttribute("job.name", "OverdueTaskScanner.scan")
				.hasAttribute("job.kind", "scheduled")
				.hasAttribute("job.outcome", "success")
				.doesNotHaveAttribute("job.queue.wait.ms");
			assertThat(scan).queries().hasCount(1);
			SpanData root = scan.root();
			assertThat(root.getName()).isEqualTo(SCAN);
			assertThat(root.getKind()).isEqualTo(SpanKind.INTERNAL);
			assertThat(root.getParentSpanContext().isValid()).as("the scan span has a parent").isFalse();
		}
		assertThat(scans).extracting((scan) -> scan.root().getTraceId())
			.doesNotHaveDuplicates()
			.doesNotContain(request.root().getTraceId());
	}

	@Test
	void eachSuccessfulScanCountsAsASuccessfulScheduledJob() throws Exception {
		double before = successfulScans();

		await().atMost(BOUND).untilAsserted(() -> assertThat(successfulScans()).isGreaterThan(before));

		String scrape = this.mvc.get().uri("/actuator/prometheus").exchange().getResponse().getContentAsString();
		assertThat(scrape.lines().filter((line) -> line.startsWith("job_outcomes_total{")))
			.anySatisfy((line) -> assertThat(line).contains("job_name=\"OverdueTaskScanner.scan\"")
				.contains("job_kind=\"scheduled\"")
				.contains("outcome=\"success\"")
				.contains("job_attempt=\"1\""));
	}

	@Test
	void theJobsHealthContributorShowsTheScanWithItsIntervalAndLastSuccess() {
		double before = successfulScans();
		await().atMost(BOUND).until(() -> successfulScans() > before);

		MvcTestResult health = this.mvc.get().uri("/actuator/health").exchange();
		assertThat(health).bodyJson()
			.extractingPath("$.components.jobs.details.scheduled['OverdueTaskScanner.scan'].period")
			.isEqualTo("PT0.2S");
		assertThat(health).bodyJson()
			.extractingPath("$.components.jobs.details.scheduled['OverdueTaskScanner.scan'].lastSuccess")
			.asString()
			.isNotBlank();
	}

	@Test
	void logsTheCountOnlyOnceATaskIsOverdue(CapturedOutput output) {
		double before = successfulScans();
		await().atMost(BOUND).until(() -> successfulScans() > before);
		assertThat(output.getOut()).doesNotContain("task is overdue", "tasks are overdue");

		MvcTestResult created = this.mvc.post()
			.uri("/api/residences/1/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"title": "Renew the chimney certificate", "dueDate": "2020-01-31"}
					""")
			.exchange();
		assertThat(created).hasStatus(HttpStatus.CREATED);

		await().atMost(BOUND).untilAsserted(() -> assertThat(output.getOut()).contains("1 open task is overdue"));
	}

	private List<Trace> scans() {
		return this.telemetry.traces().stream().filter((trace) -> trace.rootName().equals(SCAN)).toList();
	}

	private double successfulScans() {
		return this.telemetry.meters()
			.find("job.outcomes", "job.name", "OverdueTaskScanner.scan", "job.kind", "scheduled", "outcome", "success")
			.stream()
			.mapToDouble((meter) -> ((Counter) meter).count())
			.sum();
	}

}
