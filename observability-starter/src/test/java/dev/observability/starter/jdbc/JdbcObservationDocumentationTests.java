package dev.observability.starter.jdbc;

import java.util.Arrays;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.docs.ObservationDocumentation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the names and keys of {@link JdbcObservationDocumentation}: other modules (test
 * kit, dashboards) depend on them.
 */
class JdbcObservationDocumentationTests {

	@Test
	void statementUsesOpenTelemetryNames() {
		JdbcObservationDocumentation statement = JdbcObservationDocumentation.STATEMENT;
		assertThat(statement.getName()).isEqualTo("db.client.operation.duration");
		assertThat(statement.getDefaultConvention()).isEqualTo(DefaultJdbcObservationConvention.class);
		assertThat(Arrays.stream(statement.getLowCardinalityKeyNames()).map(KeyName::asString))
			.containsExactly("db.system.name", "db.namespace", "db.operation.name", "db.collection.name", "error.type");
		assertThat(Arrays.stream(statement.getHighCardinalityKeyNames()).map(KeyName::asString)).containsExactly(
				"db.query.text", "db.operation.batch.size", "db.client.connection.pool.name", "orm.association");
	}

	@Test
	void documentsOneObservationAndPinsEachKeyEnum() {
		assertThat(JdbcObservationDocumentation.values()).extracting(ObservationDocumentation::getName)
			.containsExactly("db.client.operation.duration");
		assertThat(JdbcObservationDocumentation.LowCardinalityKeyNames.values()).extracting(KeyName::asString)
			.containsExactly("db.system.name", "db.namespace", "db.operation.name", "db.collection.name", "error.type");
		assertThat(JdbcObservationDocumentation.HighCardinalityKeyNames.values()).extracting(KeyName::asString)
			.containsExactly("db.query.text", "db.operation.batch.size", "db.client.connection.pool.name",
					"orm.association");
	}

	@Test
	void defaultConventionUsesThePinnedName() {
		// span names ("SELECT task") are pinned by SqlAnalyzerTests
		assertThat(DefaultJdbcObservationConvention.INSTANCE.getName()).isEqualTo("db.client.operation.duration");
	}

}
