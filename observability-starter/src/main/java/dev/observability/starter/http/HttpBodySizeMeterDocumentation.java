package dev.observability.starter.http;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Distribution summaries recorded when an HTTP server observation stops. They carry the
 * route, method and status tags of {@code http.server.request.duration} (Boot's
 * {@code uri}, {@code method} and {@code status} with {@code metric-names=boot}), so
 * sizes and durations of a route line up on one dashboard without multiplying series by
 * error and outcome.
 */
public enum HttpBodySizeMeterDocumentation implements MeterDocumentation {

	/**
	 * Bytes of the request body: its {@code Content-Length} when the client sent one,
	 * otherwise the bytes the application read.
	 */
	REQUEST_BODY_SIZE {
		@Override
		public String getName() {
			return "http.server.request.body.size";
		}

		@Override
		public String getDescription() {
			return "Size of HTTP request bodies in bytes: the Content-Length the client sent, else the bytes the application read";
		}
	},

	/**
	 * Bytes of the response body the application wrote.
	 */
	RESPONSE_BODY_SIZE {
		@Override
		public String getName() {
			return "http.server.response.body.size";
		}

		@Override
		public String getDescription() {
			return "Size of the HTTP response bodies the application wrote, in bytes";
		}
	};

	/**
	 * One sentence on what the meter measures, which a Prometheus scrape prints as its
	 * {@code # HELP} text.
	 * @return the description
	 */
	public abstract String getDescription();

	/**
	 * Unit of both summaries.
	 */
	public static final String BASE_UNIT = "bytes";

	@Override
	public String getBaseUnit() {
		return BASE_UNIT;
	}

	@Override
	public Meter.Type getType() {
		return Meter.Type.DISTRIBUTION_SUMMARY;
	}

	@Override
	public KeyName[] getKeyNames() {
		return new KeyName[] { HttpObservationDocumentation.LowCardinalityKeyNames.HTTP_ROUTE,
				HttpObservationDocumentation.LowCardinalityKeyNames.HTTP_REQUEST_METHOD,
				HttpObservationDocumentation.LowCardinalityKeyNames.HTTP_RESPONSE_STATUS_CODE };
	}

}
