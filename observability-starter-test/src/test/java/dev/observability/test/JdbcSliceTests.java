package dev.observability.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ObservabilityTest} in Boot's JDBC slice: the test method is a unit of work, and
 * its statements are judged like a request's. A statement outside any trace gets a span
 * only with {@code observability.jdbc.root-spans=true}, hence the property.
 */
@JdbcTest(properties = "observability.jdbc.root-spans=true")
@ObservabilityTest
class JdbcSliceTests {

	@Autowired
	private Telemetry telemetry;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void statementOfTheTestMethodIsCaptured() {
		assertThat(KitTestApplication.query(this.jdbc, 7)).hasSize(2);
		assertThat(this.telemetry.traceOf("SELECT task")).hasTree("SELECT task");
	}

	@Test
	void lookupInALoopIsAnNPlusOneOfTheTestMethod() {
		for (int residence = 1; residence <= 5; residence++) {
			KitTestApplication.query(this.jdbc, residence);
		}
		assertThat(this.telemetry.findings()).hasNPlusOne().withCount(5);
	}

	@Test
	void oneLookupIsNoNPlusOne() {
		KitTestApplication.query(this.jdbc, 7);
		assertThat(this.telemetry.findings()).hasNoNPlusOne();
	}

}
