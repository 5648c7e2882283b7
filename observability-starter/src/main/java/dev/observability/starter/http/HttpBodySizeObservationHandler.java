package dev.observability.starter.http;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import dev.observability.starter.core.HookFailures;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Records {@code http.server.request.body.size} and
 * {@code http.server.response.body.size} when an HTTP server observation stops, tagged
 * like the request's duration. Reads the counts {@link HttpBodySizeFilter} kept on the
 * observation context; an observation without them records nothing.
 */
public class HttpBodySizeObservationHandler implements ObservationHandler<ServerRequestObservationContext> {

	private final MeterRegistry registry;

	private final HookFailures failures;

	HttpBodySizeObservationHandler(MeterRegistry registry, HookFailures failures) {
		this.registry = registry;
		this.failures = failures;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	@Override
	public void onStop(ServerRequestObservationContext context) {
		try {
			HttpBodySizes sizes = context.get(HttpBodySizes.class);
			if (sizes == null) {
				return;
			}
			List<Tag> tags = new ArrayList<>();
			for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
				tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
			}
			summary(HttpBodySizeMeterDocumentation.REQUEST_BODY_SIZE, tags).record(sizes.requestBytes());
			summary(HttpBodySizeMeterDocumentation.RESPONSE_BODY_SIZE, tags).record(sizes.responseBytes());
		}
		catch (RuntimeException ex) {
			this.failures.record(HttpBodySizeFilter.HOOK, ex);
		}
	}

	private DistributionSummary summary(HttpBodySizeMeterDocumentation meter, List<Tag> tags) {
		return DistributionSummary.builder(meter.getName())
			.baseUnit(meter.getBaseUnit())
			.tags(tags)
			.register(this.registry);
	}

}
