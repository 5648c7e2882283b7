package dev.observability.starter.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import dev.observability.starter.core.HookFailures;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityServerHttpObservationFilterTests {

	private final List<ServerRequestObservationContext> stopped = new ArrayList<>();

	private final List<Observation> nested = new ArrayList<>();

	private final ObservationRegistry registry = registry();

	@Test
	void takesTheRequestSizeFromContentLengthWithoutWrappingTheRequest() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/tasks");
		request.setContent(new byte[1234]);
		MockFilterChain chain = new MockFilterChain();
		filter(true).doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(sizes().requestBytes()).isEqualTo(1234);
		assertThat(chain.getRequest()).isSameAs(request);
	}

	@Test
	void countsTheBytesReadFromAChunkedRequest() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/upload") {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

		};
		request.setContent("chunked body".getBytes(StandardCharsets.UTF_8));
		filter(true).doFilter(request, new MockHttpServletResponse(), servlet((req, res) -> {
			StreamUtils.copyToByteArray(req.getInputStream());
		}));
		assertThat(sizes().requestBytes()).isEqualTo("chunked body".length());
	}

	@Test
	void countsResponseBytesWrittenThroughTheWriterInTheResponseEncoding() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setCharacterEncoding("UTF-8");
		filter(true).doFilter(new MockHttpServletRequest("GET", "/api/tasks"), response, servlet((req, res) -> {
			PrintWriter writer = res.getWriter();
			writer.print("Grüße €");
			writer.println();
			writer.flush();
		}));
		assertThat(sizes().responseBytes()).isEqualTo(response.getContentAsByteArray().length);
	}

	@Test
	void forgetsResponseBytesDiscardedByAReset() throws Exception {
		filter(true).doFilter(new MockHttpServletRequest("GET", "/api/tasks"), new MockHttpServletResponse(),
				servlet((req, res) -> {
					res.getOutputStream().write(new byte[100]);
					res.resetBuffer();
					res.getOutputStream().write(new byte[7]);
				}));
		assertThat(sizes().responseBytes()).isEqualTo(7);
	}

	@Test
	void observesTheRequestWithoutWrappingWhenBodySizesAreOff() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/tasks");
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		filter(false).doFilter(request, response, chain);
		assertThat(this.stopped).singleElement()
			.satisfies((context) -> assertThat(context.containsKey(HttpBodySizes.class)).isFalse());
		assertThat(chain.getRequest()).isSameAs(request);
		assertThat(chain.getResponse()).isSameAs(response);
	}

	@Test
	void servesAnExcludedRequestWithoutObservingItOrWhatItDoes() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/internal/ping");
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter(true).doFilter(request, response, servlet((req, res) -> {
			observeNestedWork();
			res.getWriter().write("pong");
		}));
		assertThat(response.getContentAsString()).isEqualTo("pong");
		assertThat(this.stopped).isEmpty();
		assertThat(this.nested).singleElement().satisfies((observation) -> assertThat(observation.isNoop()).isTrue());
	}

	@Test
	void observesWhatAnIncludedRequestDoes() throws Exception {
		filter(true).doFilter(new MockHttpServletRequest("GET", "/api/tasks"), new MockHttpServletResponse(),
				servlet((req, res) -> observeNestedWork()));
		assertThat(this.stopped).hasSize(1);
		assertThat(this.nested).singleElement().satisfies((observation) -> assertThat(observation.isNoop()).isFalse());
	}

	private void observeNestedWork() {
		Observation observation = Observation.start("nested", this.registry);
		this.nested.add(observation);
		observation.stop();
	}

	private ObservabilityServerHttpObservationFilter filter(boolean countBodySizes) {
		return new ObservabilityServerHttpObservationFilter(this.registry,
				new DefaultServerRequestObservationConvention(), exclusions(), countBodySizes, HookFailures.logOnly());
	}

	private static HttpExclusions exclusions() {
		return new HttpExclusions(List.of("/internal/**"), () -> null);
	}

	private ObservationRegistry registry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationPredicate(new HttpExclusionObservationPredicate(exclusions(), HookFailures.logOnly()))
			.observationHandler(new ObservationHandler<>() {

				@Override
				public void onStop(Observation.Context context) {
					if (context instanceof ServerRequestObservationContext serverContext) {
						ObservabilityServerHttpObservationFilterTests.this.stopped.add(serverContext);
					}
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			});
		return registry;
	}

	private HttpBodySizes sizes() {
		assertThat(this.stopped).hasSize(1);
		return this.stopped.get(0).getRequired(HttpBodySizes.class);
	}

	private static MockFilterChain servlet(Handler handler) {
		return new MockFilterChain(new HttpServlet() {

			@Override
			protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
				handler.handle(req, res);
			}

		});
	}

	@FunctionalInterface
	private interface Handler {

		void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;

	}

}
