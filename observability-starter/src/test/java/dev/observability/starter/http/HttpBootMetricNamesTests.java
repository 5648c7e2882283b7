package dev.observability.starter.http;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.observability.starter.testapp.TestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(classes = TestApplication.class, properties = "observability.http.metric-names=boot")
@AutoConfigureMockMvc
@AutoConfigureMetrics
class HttpBootMetricNamesTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private MeterRegistry registry;

	@Test
	void keepsBootsHttpServerRequestsMeterAsTheOnlyDurationMeter() throws Exception {
		this.mvc.perform(get("/api/residences/42/tasks")).andExpect(status().isOk());
		assertThat(this.registry.get("http.server.requests").tag("uri", "/api/residences/{id}/tasks").timer().count())
			.isOne();
		assertThat(this.registry.find(HttpObservationDocumentation.HTTP_SERVER_REQUEST.getName()).meters()).isEmpty();
	}

}
