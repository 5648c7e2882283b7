package dev.observability.sample.residence;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample data is in the database by the time the embedded web server accepts
 * requests, so the README's first request never meets an empty database.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleDataAtStartTests {

	@Autowired
	private ResidencesWhenServerStarted residencesWhenServerStarted;

	@Test
	void residencesAreSeededBeforeTheWebServerStarts() {
		assertThat(this.residencesWhenServerStarted.count()).as("residences when the web server had started")
			.isEqualTo(SampleDataSeeder.RESIDENCES.size());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ServerStartConfiguration {

		@Bean
		ResidencesWhenServerStarted residencesWhenServerStarted(ResidenceRepository residences) {
			return new ResidencesWhenServerStarted(residences);
		}

	}

	/**
	 * Counts the residences at the moment the web server reports it has started, which is
	 * after its connector accepts connections.
	 */
	static class ResidencesWhenServerStarted implements ApplicationListener<WebServerInitializedEvent> {

		private final ResidenceRepository residences;

		private final AtomicLong count = new AtomicLong(-1);

		ResidencesWhenServerStarted(ResidenceRepository residences) {
			this.residences = residences;
		}

		@Override
		public void onApplicationEvent(WebServerInitializedEvent event) {
			this.count.set(this.residences.count());
		}

		long count() {
			return this.count.get();
		}

	}

}
