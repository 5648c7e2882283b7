package dev.observability.starter.core;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SpanCatalogueTests {

	private final SpanCatalogue catalogue = SpanCatalogue.standard();

	@Test
	void standardCatalogueFindsTheRolesOfEveryIntegrationThroughTheServiceLoader() {
		assertThat(this.catalogue.roles()).extracting(SpanRole::id)
			.containsExactly(SpanRole.HTTP, SpanRole.SQL, SpanRole.REDIS, SpanRole.SERVICE, SpanRole.JOB);
	}

	@Test
	void serverSpanWithAMethodIsAnHttpRequestWhoseStatusCodeIsRendered() {
		SpanData request = span(SpanKind.SERVER,
				Attributes.builder().put("http.request.method", "GET").put("http.response.status_code", 200L).build());
		assertThat(this.catalogue.roleOf(request)).map(SpanRole::id).hasValue(SpanRole.HTTP);
		assertThat(this.catalogue.renderedKeys(request)).containsExactly("http.response.status_code", "error.type");
	}

	@Test
	void internalSpanWithAFunctionNameIsAServiceCall() {
		SpanData call = span(SpanKind.INTERNAL,
				Attributes.builder().put("code.function.name", "com.example.TaskService.list").build());
		assertThat(this.catalogue.hasRole(call, SpanRole.SERVICE)).isTrue();
		assertThat(this.catalogue.renderedKeys(call)).containsExactly("error.type");
	}

	@Test
	void clientSpanOfASqlDatabaseIsAStatementWithItsText() {
		SpanData statement = span(SpanKind.CLIENT,
				Attributes.builder().put("db.system.name", "postgresql").put("db.query.text", "SELECT 1").build());
		SpanRole role = this.catalogue.roleOf(statement).orElseThrow();
		assertThat(role.id()).isEqualTo(SpanRole.SQL);
		assertThat(role.textKey()).isEqualTo("db.query.text");
		assertThat(role.renderedKeys()).containsExactly("error.type", "db.operation.batch.size", "db.query.text");
	}

	@Test
	void redisCommandWithQueryTextIsNotASqlStatement() {
		SpanData command = span(SpanKind.CLIENT,
				Attributes.builder().put("db.system.name", "redis").put("db.query.text", "GET k").build());
		assertThat(this.catalogue.hasRole(command, SpanRole.SQL)).isFalse();
		assertThat(this.catalogue.hasRole(command, SpanRole.REDIS)).isTrue();
		assertThat(this.catalogue.roleOf(command))
			.hasValueSatisfying((role) -> assertThat(role.textKey()).isEqualTo("db.query.text"));
	}

	@Test
	void spanWithAJobNameIsAJobRunRenderedWithItsKindQueueWaitAttemptAndFailure() {
		SpanData run = span(SpanKind.INTERNAL,
				Attributes.builder()
					.put("job.name", "Reminders.send")
					.put("job.kind", "async")
					.put("job.queue.wait.ms", 3L)
					.build());
		assertThat(this.catalogue.roleOf(run)).hasValueSatisfying((role) -> {
			assertThat(role.id()).isEqualTo(SpanRole.JOB);
			assertThat(role.renderedKeys()).containsExactly("job.kind", "job.queue.wait.ms", "job.attempt",
					"error.type");
		});
	}

	@Test
	void spanWithQueryTextButNoDatabaseIsNotASqlStatement() {
		SpanData unknown = span(SpanKind.CLIENT, Attributes.builder().put("db.query.text", "GET k").build());
		assertThat(this.catalogue.roleOf(unknown)).isEmpty();
	}

	@Test
	void spanNoRoleClaimsIsRenderedWithEveryDeclaredKeyInDeclarationOrder() {
		SpanData unknown = span(SpanKind.INTERNAL, Attributes.empty());
		assertThat(this.catalogue.renderedKeys(unknown)).containsExactly("http.response.status_code", "error.type",
				"db.operation.batch.size", "db.query.text", "db.collection.name", "job.kind", "job.queue.wait.ms",
				"job.attempt");
	}

	@Test
	void firstMatchingRoleOfACustomCatalogueWins() {
		SpanRole any = SpanRole.of("any", (span) -> true, List.of("a"));
		SpanRole other = SpanRole.of("other", (span) -> true, List.of("b"));
		SpanCatalogue custom = SpanCatalogue.of(List.of(any, other));
		assertThat(custom.roleOf(span(SpanKind.INTERNAL, Attributes.empty()))).containsSame(any);
	}

	@Test
	void roleNeedsAnId() {
		assertThatIllegalArgumentException().isThrownBy(() -> SpanRole.of(" ", (span) -> true, List.of()));
	}

	@Test
	void attributeIsReadByNameWhateverItsType() {
		SpanData span = span(SpanKind.SERVER,
				Attributes.builder().put("http.response.status_code", 503L).put("error.type", "503").build());
		assertThat(SpanAttributes.get(span, "http.response.status_code")).isEqualTo(503L);
		assertThat(SpanAttributes.getAsString(span, "http.response.status_code")).isEqualTo("503");
		assertThat(SpanAttributes.get(span, "error.type")).isEqualTo("503");
		assertThat(SpanAttributes.get(span, "url.path")).isNull();
	}

	private static SpanData span(SpanKind kind, Attributes attributes) {
		return TestSpanData.builder()
			.setSpanContext(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "0000000000000001",
					TraceFlags.getSampled(), TraceState.getDefault()))
			.setName("span")
			.setKind(kind)
			.setStartEpochNanos(1)
			.setEndEpochNanos(2)
			.setStatus(StatusData.unset())
			.setAttributes(attributes)
			.setHasEnded(true)
			.setTotalRecordedEvents(0)
			.setTotalRecordedLinks(0)
			.build();
	}

}
