package dev.observability.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ObservabilityTest} in a JDBC slice. Boot's {@code @JdbcTest} lives in
 * {@code spring-boot-jdbc-test}, which this build does not have, so this test builds the
 * slice the way {@code @JdbcTest} does: auto-configuration switched off, then only the
 * JDBC auto-configurations imported, in a transaction rolled back after each test. A
 * statement outside any trace gets a span only with
 * {@code observability.jdbc.root-spans=true}, hence the property.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = "observability.jdbc.root-spans=true")
@OverrideAutoConfiguration(enabled = false)
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceInitializationAutoConfiguration.class,
		DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class })
@Transactional
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
