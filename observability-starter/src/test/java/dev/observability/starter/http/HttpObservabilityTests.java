package dev.observability.starter.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.observability.starter.http.HttpObservationDocumentation.HighCardinalityKeyNames;
import dev.observability.starter.http.HttpObservationDocumentation.LowCardinalityKeyNames;
import dev.observability.starter.jdbc.JdbcObservationDocumentation;
import dev.observability.starter.testapp.CapturedSpans;
import dev.observability.starter.testapp.TestAppTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TestAppTest
class HttpObservabilityTests {

	private static final String DURATION = HttpObservationDocumentation.HTTP_SERVER_REQUEST.getName();

	private static final String STATEMENT_DURATION = JdbcObservationDocumentation.STATEMENT.getName();

	private static final String ROUTE = LowCardinalityKeyNames.HTTP_ROUTE.asString();

	private static final String METHOD = LowCardinalityKeyNames.HTTP_REQUEST_METHOD.asString();

	private static final String STATUS = LowCardinalityKeyNames.HTTP_RESPONSE_STATUS_CODE.asString();

	private static final String ERROR_TYPE = LowCardinalityKeyNames.ERROR_TYPE.asString();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private CapturedSpans spans;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ApplicationContext context;

	@BeforeEach
	void clearSpans() {
		this.spans.reset();
	}

	@Test
	void servesEveryRequestThroughOneFilterOfTheStarterInPlaceOfBoots() {
		List<Filter> filters = new ArrayList<>(this.context.getBeansOfType(Filter.class).values());
		this.context.getBeansOfType(FilterRegistrationBean.class)
			.values()
			.forEach((registration) -> filters.add(registration.getFilter()));
		assertThat(filters)
			.filteredOn((filter) -> filter instanceof ServerHttpObservationFilter
					|| filter.getClass().getPackageName().startsWith("dev.observability"))
			.singleElement()
			.isExactlyInstanceOf(ObservabilityServerHttpObservationFilter.class);
	}

	@Test
	void namesTheSpanAfterMethodAndRouteTemplate() throws Exception {
		this.mvc.perform(get("/api/residences/42/tasks")).andExpect(status().isOk());
		SpanData span = span("GET /api/residences/{id}/tasks");
		assertThat(span.getAttributes().get(AttributeKey.stringKey(ROUTE))).isEqualTo("/api/residences/{id}/tasks");
		assertThat(span.getAttributes().get(AttributeKey.stringKey(HighCardinalityKeyNames.URL_PATH.asString())))
			.isEqualTo("/api/residences/42/tasks");
		assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
	}

	@Test
	void recordsOneHttpMeterPerRequestUnderOpenTelemetryNames() throws Exception {
		this.mvc.perform(get("/api/residences/43/tasks")).andExpect(status().isOk());
		assertThat(this.registry.find("http.server.requests").meters()).isEmpty();
		Timer timer = this.registry.get(DURATION)
			.tag(ROUTE, "/api/residences/{id}/tasks")
			.tag(METHOD, "GET")
			.tag(STATUS, "200")
			.tag(ERROR_TYPE, "none")
			.timer();
		assertThat(timer.count()).isPositive();
		assertThat(timer.getId().getTags()).extracting("key")
			.containsExactlyInAnyOrder(keys(LowCardinalityKeyNames.values()));
	}

	@Test
	void exposesConfiguredDurationBucketsPerRouteToPrometheus() throws Exception {
		this.mvc.perform(get("/api/residences/44/tasks")).andExpect(status().isOk());
		String scrape = this.mvc.perform(get("/actuator/prometheus"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		Matcher buckets = Pattern.compile(
				"(?m)^http_server_request_duration_seconds_bucket\\{[^}]*http_route=\"/api/residences/\\{id}/tasks\""
						+ "[^}]*le=\"([^\"]+)\"")
			.matcher(scrape);
		List<String> bounds = buckets.results().map((result) -> result.group(1)).distinct().toList();
		assertThat(bounds).containsExactly("0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75",
				"1.0", "2.5", "5.0", "7.5", "10.0", "+Inf");
	}

	@Test
	void collapsesTenThousandUnknownUrlsIntoAHandfulOfSeriesWithoutDroppingAny() throws Exception {
		int seriesBefore = this.registry.find(DURATION).timers().size();
		long countBefore = totalCount(this.registry.find(DURATION).timers());
		for (int i = 0; i < 10_000; i++) {
			this.mvc.perform(get("/unknown/" + i + "/page-" + (i * 7)));
		}
		Collection<Timer> timers = this.registry.find(DURATION).timers();
		assertThat(timers.size() - seriesBefore).isBetween(1, 3);
		assertThat(totalCount(timers) - countBefore).isEqualTo(10_000);
		assertThat(timers).extracting((timer) -> timer.getId().getTag(ROUTE))
			.noneMatch((route) -> route.startsWith("/unknown"));
	}

	@Test
	void leavesActuatorRequestsAndTheirWorkOutOfTracesAndMetrics() throws Exception {
		long countBefore = totalCount(this.registry.find(DURATION).timers());
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
		assertThat(this.spans.finished()).isEmpty();
		assertThat(totalCount(this.registry.find(DURATION).timers())).isEqualTo(countBefore);
		assertThat(this.registry.find(DURATION).timers()).extracting((timer) -> timer.getId().getTag(ROUTE))
			.noneMatch((route) -> route.startsWith("/actuator"));
	}

	@Test
	void leavesRequestsMatchingAnExcludePatternAndTheirStatementsOut() throws Exception {
		long countBefore = totalCount(this.registry.find(DURATION).timers());
		long statementsBefore = totalCount(this.registry.find(STATEMENT_DURATION).timers());
		this.mvc.perform(get("/internal/ping")).andExpect(status().isOk()).andExpect(content().string("pong 1"));
		assertThat(this.spans.finished()).isEmpty();
		assertThat(totalCount(this.registry.find(DURATION).timers())).isEqualTo(countBefore);
		assertThat(totalCount(this.registry.find(STATEMENT_DURATION).timers())).isEqualTo(statementsBefore);
		this.mvc.perform(get("/api/ping")).andExpect(status().isOk()).andExpect(content().string("pong 1"));
		assertThat(this.spans.finished()).extracting(SpanData::getName)
			.containsExactlyInAnyOrder("GET /api/ping", "TaskService.listForResidence", "ResidenceService.nameOf",
					"SELECT");
		assertThat(totalCount(this.registry.find(STATEMENT_DURATION).timers())).isEqualTo(statementsBefore + 1);
	}

	@Test
	void marksSpanOfAnUnhandledExceptionAsErrorWithTheException() throws Exception {
		assertThatThrownBy(() -> this.mvc.perform(get("/api/residences/1/failure")))
			.hasRootCauseInstanceOf(IllegalStateException.class);
		SpanData span = span("GET /api/residences/{id}/failure");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(exceptionTypes(span)).containsExactly(IllegalStateException.class.getName());
		assertThat(span.getAttributes().get(AttributeKey.stringKey(ERROR_TYPE)))
			.isEqualTo(IllegalStateException.class.getName());
		assertThat(this.registry.get(DURATION)
			.tag(ROUTE, "/api/residences/{id}/failure")
			.tag(ERROR_TYPE, IllegalStateException.class.getName())
			.tag(STATUS, "500")
			.timer()
			.count()).isPositive();
	}

	@Test
	void marksSpanOfAServerErrorFromAnExceptionHandlerAsErrorWithTheException() throws Exception {
		this.mvc.perform(get("/api/residences/2/unavailable")).andExpect(status().isServiceUnavailable());
		SpanData span = span("GET /api/residences/{id}/unavailable");
		String exceptionType = "dev.observability.starter.testapp.ResidenceController$ResidenceUnavailableException";
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(exceptionTypes(span)).containsExactly(exceptionType.replace('$', '.'));
		assertThat(this.registry.get(DURATION)
			.tag(ROUTE, "/api/residences/{id}/unavailable")
			.tag(ERROR_TYPE, exceptionType)
			.tag(STATUS, "503")
			.timer()
			.count()).isPositive();
	}

	@Test
	void reportsTheStatusCodeAsErrorTypeOfAServerErrorWithoutException() throws Exception {
		this.mvc.perform(get("/api/gateway")).andExpect(status().isBadGateway());
		SpanData span = span("GET /api/gateway");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(exceptionTypes(span)).isEmpty();
		assertThat(span.getAttributes().get(AttributeKey.stringKey(ERROR_TYPE))).isEqualTo("502");
		assertThat(this.registry.get(DURATION).tag(ROUTE, "/api/gateway").tag(ERROR_TYPE, "502").timer().count())
			.isPositive();
	}

	@Test
	void namesAHandledExceptionOfAClientErrorButLeavesTheSpanStatusUnset() throws Exception {
		this.mvc.perform(get("/api/residences/3/gone")).andExpect(status().isGone());
		SpanData span = span("GET /api/residences/{id}/gone");
		assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(AttributeKey.stringKey(ERROR_TYPE)))
			.isEqualTo("dev.observability.starter.testapp.ResidenceController$ResidenceGoneException");
	}

	@Test
	void recordsBodySizesOfAPostWithAJsonResponse() throws Exception {
		String body = "{\"title\":\"water the plants\"}";
		MvcResult result = this.mvc
			.perform(post("/api/residences/5/tasks").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isOk())
			.andReturn();
		int responseBytes = result.getResponse().getContentAsByteArray().length;
		assertThat(responseBytes).isPositive();
		DistributionSummary request = bodySize(HttpBodySizeMeterDocumentation.REQUEST_BODY_SIZE);
		DistributionSummary response = bodySize(HttpBodySizeMeterDocumentation.RESPONSE_BODY_SIZE);
		assertThat(request.count()).isOne();
		assertThat(request.totalAmount()).isEqualTo(body.length());
		assertThat(response.count()).isOne();
		assertThat(response.totalAmount()).isEqualTo(responseBytes);
		assertThat(request.getId().getBaseUnit()).isEqualTo("bytes");
	}

	@Test
	void countsTheBytesOfAStreamedAsyncResponseAndEndsItsSpanOnce() throws Exception {
		MvcResult started = this.mvc.perform(get("/api/residences/6/export"))
			.andExpect(request().asyncStarted())
			.andReturn();
		MvcResult result = this.mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn();
		int streamedBytes = result.getResponse().getContentAsByteArray().length;
		assertThat(result.getResponse().getContentAsString()).startsWith("task 0 of residence 6");
		DistributionSummary response = this.registry.get(HttpBodySizeMeterDocumentation.RESPONSE_BODY_SIZE.getName())
			.tag(ROUTE, "/api/residences/{id}/export")
			.summary();
		assertThat(response.count()).isOne();
		assertThat(response.totalAmount()).isEqualTo(streamedBytes);
		assertThat(this.spans.finished()).extracting(SpanData::getName)
			.containsOnlyOnce("GET /api/residences/{id}/export");
	}

	private DistributionSummary bodySize(HttpBodySizeMeterDocumentation meter) {
		return this.registry.get(meter.getName())
			.tag(ROUTE, "/api/residences/{id}/tasks")
			.tag(METHOD, "POST")
			.summary();
	}

	private SpanData span(String name) {
		List<SpanData> finished = this.spans.finished();
		assertThat(finished).extracting(SpanData::getName).contains(name);
		return finished.stream().filter((span) -> span.getName().equals(name)).findFirst().orElseThrow();
	}

	private static List<String> exceptionTypes(SpanData span) {
		return span.getEvents()
			.stream()
			.filter((event) -> event.getName().equals("exception"))
			.map(EventData::getAttributes)
			.map((attributes) -> attributes.get(AttributeKey.stringKey("exception.type")))
			.toList();
	}

	private static long totalCount(Collection<Timer> timers) {
		return timers.stream().mapToLong(Timer::count).sum();
	}

	private static String[] keys(LowCardinalityKeyNames[] names) {
		return java.util.Arrays.stream(names).map(LowCardinalityKeyNames::asString).toArray(String[]::new);
	}

}
