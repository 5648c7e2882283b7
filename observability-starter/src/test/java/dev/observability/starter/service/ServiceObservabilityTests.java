package dev.observability.starter.service;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.observability.starter.service.ServiceObservationDocumentation.LowCardinalityKeyNames;
import dev.observability.starter.testapp.ResidenceService;
import dev.observability.starter.testapp.TaskService;
import dev.observability.starter.testapp.CapturedSpans;
import dev.observability.starter.testapp.TestAppTest;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TestAppTest
class ServiceObservabilityTests {

	private static final String FUNCTION = LowCardinalityKeyNames.CODE_FUNCTION_NAME.asString();

	private static final String ERROR_TYPE = LowCardinalityKeyNames.ERROR_TYPE.asString();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private CapturedSpans spans;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private TaskService tasks;

	@Autowired
	private ResidenceService residences;

	@BeforeEach
	void clearSpans() {
		this.spans.reset();
	}

	@Test
	void nestsServiceSpansUnderTheHttpSpan() throws Exception {
		this.mvc.perform(get("/api/residences/42/tasks")).andExpect(status().isOk());
		SpanData http = span("GET /api/residences/{id}/tasks");
		SpanData outer = span("TaskService.listForResidence");
		SpanData inner = span("ResidenceService.nameOf");
		assertThat(outer.getParentSpanId()).isEqualTo(http.getSpanId());
		assertThat(inner.getParentSpanId()).isEqualTo(outer.getSpanId());
		assertThat(inner.getTraceId()).isEqualTo(http.getTraceId());
		assertThat(outer.getAttributes().get(AttributeKey.stringKey(FUNCTION)))
			.isEqualTo(TaskService.class.getName() + ".listForResidence");
	}

	@Test
	void recordsTheExceptionOnEveryServiceSpanItPassesThrough() {
		assertThatThrownBy(() -> this.mvc.perform(get("/api/residences/1/failure")))
			.hasRootCauseInstanceOf(IllegalStateException.class);
		for (String name : List.of("TaskService.listBroken", "ResidenceService.broken")) {
			SpanData span = span(name);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getEvents()).extracting((event) -> event.getName()).containsExactly("exception");
		}
		Timer timer = this.registry.get(ServiceObservationDocumentation.SERVICE_METHOD.getName())
			.tag(FUNCTION, ResidenceService.class.getName() + ".broken")
			.tag(ERROR_TYPE, IllegalStateException.class.getName())
			.timer();
		assertThat(timer.count()).isPositive();
		assertThat(timer.getId().getTags()).extracting("key").containsExactlyInAnyOrder(FUNCTION, ERROR_TYPE);
	}

	@Test
	void letsTheExceptionOfAServiceReachTheCallerUnchanged() {
		assertThatIllegalStateException().isThrownBy(() -> this.residences.broken(9))
			.withMessage("residence 9 is broken");
	}

	@Test
	void worksTogetherWithTransactionalProxies() {
		assertThat(AopUtils.isAopProxy(this.tasks)).isTrue();
		assertThat(this.tasks.inTransaction()).isTrue();
		assertThat(spanNames()).containsExactly("TaskService.inTransaction");
	}

	@Test
	void leavesObservedMethodsToObservedAspect() {
		this.tasks.annotated();
		assertThat(spanNames()).doesNotContain("TaskService.annotated");
	}

	@Test
	void seesNoSelfInvocation() {
		this.tasks.callsItself();
		assertThat(spanNames()).containsExactlyInAnyOrder("TaskService.callsItself", "ResidenceService.nameOf");
	}

	private List<String> spanNames() {
		return this.spans.finished().stream().map(SpanData::getName).toList();
	}

	private SpanData span(String name) {
		assertThat(spanNames()).contains(name);
		return this.spans.finished().stream().filter((span) -> span.getName().equals(name)).findFirst().orElseThrow();
	}

}
