package dev.observability.starter.http;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import io.micrometer.observation.Observation;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.StreamUtils;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;

class HttpBodySizeFilterTests {

	private final HttpBodySizeFilter filter = new HttpBodySizeFilter();

	@Test
	void takesTheRequestSizeFromContentLengthWithoutWrappingTheRequest() throws Exception {
		MockHttpServletRequest request = request();
		request.setContent(new byte[1234]);
		MockFilterChain chain = new MockFilterChain();
		HttpBodySizes sizes = run(request, new MockHttpServletResponse(), chain);
		assertThat(sizes.requestBytes()).isEqualTo(1234);
		assertThat(chain.getRequest()).isSameAs(request);
	}

	@Test
	void countsTheBytesReadFromARequestWithoutContentLength() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/upload") {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

		};
		request.setContent("chunked body".getBytes(StandardCharsets.UTF_8));
		attachContext(request);
		HttpBodySizes sizes = run(request, new MockHttpServletResponse(),
				new MockFilterChain(new jakarta.servlet.http.HttpServlet() {

					@Override
					protected void service(jakarta.servlet.http.HttpServletRequest req, HttpServletResponse res)
							throws java.io.IOException {
						StreamUtils.copyToByteArray(req.getInputStream());
					}

				}));
		assertThat(sizes.requestBytes()).isEqualTo("chunked body".length());
	}

	@Test
	void countsResponseBytesWrittenThroughTheWriterInTheResponseEncoding() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setCharacterEncoding("UTF-8");
		HttpBodySizes sizes = run(request(), response, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {

			@Override
			protected void service(jakarta.servlet.http.HttpServletRequest req, HttpServletResponse res)
					throws java.io.IOException {
				PrintWriter writer = res.getWriter();
				writer.print("Grüße €");
				writer.println();
				writer.flush();
			}

		}));
		assertThat(sizes.responseBytes()).isEqualTo(response.getContentAsByteArray().length);
	}

	@Test
	void forgetsResponseBytesDiscardedByAReset() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		HttpBodySizes sizes = run(request(), response, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {

			@Override
			protected void service(jakarta.servlet.http.HttpServletRequest req, HttpServletResponse res)
					throws java.io.IOException {
				res.getOutputStream().write(new byte[100]);
				res.resetBuffer();
				res.getOutputStream().write(new byte[7]);
			}

		}));
		assertThat(sizes.responseBytes()).isEqualTo(7);
	}

	@Test
	void leavesRequestsWithoutObservationUntouched() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, response, chain);
		assertThat(chain.getRequest()).isSameAs(request);
		assertThat(chain.getResponse()).isSameAs(response);
	}

	private MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/tasks");
		attachContext(request);
		return request;
	}

	private static void attachContext(MockHttpServletRequest request) {
		request.setAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE,
				new ServerRequestObservationContext(request, new MockHttpServletResponse()));
	}

	private HttpBodySizes run(MockHttpServletRequest request, MockHttpServletResponse response, MockFilterChain chain)
			throws Exception {
		this.filter.doFilter(request, response, chain);
		Observation.Context context = ServerHttpObservationFilter.findObservationContext(request).orElseThrow();
		return context.getRequired(HttpBodySizes.class);
	}

}
