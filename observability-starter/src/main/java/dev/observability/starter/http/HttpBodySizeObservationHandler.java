package dev.observability.starter.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import dev.observability.starter.core.HookFailures;

import org.springframework.http.server.observation.ServerHttpObservationDocumentation;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Records {@code http.server.request.body.size} and
 * {@code http.server.response.body.size} when an HTTP server observation stops, tagged
 * with the request's route, method and status only. Reads the counts
 * {@link ObservabilityServerHttpObservationFilter} kept on the observation context; an
 * observation without them records nothing. The two summaries of each tag set are
 * registered once and cached.
 */
public class HttpBodySizeObservationHandler implements ObservationHandler<ServerRequestObservationContext> {

	/**
	 * Keys copied from the request's key values: the OpenTelemetry ones, and Boot's when
	 * {@code metric-names=boot}.
	 */
	private static final Set<String> TAG_KEYS = Set.of(
			HttpObservationDocumentation.LowCardinalityKeyNames.HTTP_ROUTE.asString(),
			HttpObservationDocumentation.LowCardinalityKeyNames.HTTP_REQUEST_METHOD.asString(),
			HttpObservationDocumentation.LowCardinalityKeyNames.HTTP_RESPONSE_STATUS_CODE.asString(),
			ServerHttpObservationDocumentation.LowCardinalityKeyNames.URI.asString(),
			ServerHttpObservationDocumentation.LowCardinalityKeyNames.METHOD.asString(),
			ServerHttpObservationDocumentation.LowCardinalityKeyNames.STATUS.asString());

	private final MeterRegistry registry;

	private final HookFailures failures;

	private final Map<List<Tag>, Summaries> summaries = new ConcurrentHashMap<>();

	HttpBodySizeObservationHandler(MeterRegistry registry, HookFailures failures) {
		this.registry = registry;
		this.failures = failures;
		registry.config().onMeterRemoved((meter) -> this.summaries.clear());
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
			Summaries summaries = this.summaries.computeIfAbsent(tags(context.getLowCardinalityKeyValues()),
					this::register);
			summaries.request.record(sizes.requestBytes());
			summaries.response.record(sizes.responseBytes());
		}
		catch (RuntimeException ex) {
			this.failures.record(ObservabilityServerHttpObservationFilter.BODY_SIZE_HOOK, ex);
		}
	}

	private static List<Tag> tags(KeyValues keyValues) {
		List<Tag> tags = new ArrayList<>(3);
		for (KeyValue keyValue : keyValues) {
			if (TAG_KEYS.contains(keyValue.getKey())) {
				tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
			}
		}
		return tags;
	}

	private Summaries register(List<Tag> tags) {
		return new Summaries(summary(HttpBodySizeMeterDocumentation.REQUEST_BODY_SIZE, tags),
				summary(HttpBodySizeMeterDocumentation.RESPONSE_BODY_SIZE, tags));
	}

	private DistributionSummary summary(HttpBodySizeMeterDocumentation meter, List<Tag> tags) {
		return DistributionSummary.builder(meter.getName())
			.description(meter.getDescription())
			.baseUnit(meter.getBaseUnit())
			.tags(tags)
			.register(this.registry);
	}

	private record Summaries(DistributionSummary request, DistributionSummary response) {
	}

}
