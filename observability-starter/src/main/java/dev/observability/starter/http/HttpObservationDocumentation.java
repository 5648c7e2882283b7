package dev.observability.starter.http;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

import dev.observability.starter.core.ObservationMeterFilters;

/**
 * Observations the starter makes for the HTTP server side. The observation itself is
 * started by Spring's {@code ServerHttpObservationFilter}; the starter only names and
 * tags it after the OpenTelemetry semantic conventions.
 */
public enum HttpObservationDocumentation implements ObservationDocumentation {

	/**
	 * One HTTP request served by Spring MVC, from the first filter to the last byte. Its
	 * span is named {@code <method> <route>}, e.g. {@code GET
	 * /api/residences/{id}/tasks}, or only {@code <method>} when no route matched.
	 */
	HTTP_SERVER_REQUEST {

		@Override
		public String getName() {
			return "http.server.request.duration";
		}

		@Override
		public String getMeasuredOperations() {
			return "HTTP requests served by Spring MVC";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultHttpServerRequestObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * What one observation measures, in the plural: the subject of the descriptions of
	 * the meters Micrometer derives from it (see
	 * {@link ObservationMeterFilters#withDescriptions(String, String)}).
	 * @return a noun phrase, e.g. {@code calls of public methods of @Service beans}
	 */
	public abstract String getMeasuredOperations();

	/**
	 * Keys that become metric tags; each has a bounded set of values.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * Class name of the exception the request ended with (thrown or handled by an
		 * {@code @ExceptionHandler}), else the status code of a 5xx response, else
		 * {@code none}.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		},

		/**
		 * HTTP method, or {@code _OTHER} for a method outside the standard set.
		 */
		HTTP_REQUEST_METHOD {
			@Override
			public String asString() {
				return "http.request.method";
			}
		},

		/**
		 * Status code of the response, e.g. {@code 200}.
		 */
		HTTP_RESPONSE_STATUS_CODE {
			@Override
			public String asString() {
				return "http.response.status_code";
			}
		},

		/**
		 * Route template that matched, e.g. {@code /api/residences/{id}/tasks};
		 * {@code NOT_FOUND}, {@code REDIRECTION} or {@code UNKNOWN} when none matched,
		 * {@code root} for the empty route, and {@code _OTHER} once more distinct routes
		 * were seen than {@code management.metrics.web.server.max-uri-tags} allows.
		 */
		HTTP_ROUTE {
			@Override
			public String asString() {
				return "http.route";
			}
		},

		/**
		 * Status class of the response: {@code SUCCESS}, {@code CLIENT_ERROR},
		 * {@code SERVER_ERROR}, {@code REDIRECTION}, {@code INFORMATIONAL} or
		 * {@code UNKNOWN}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/**
		 * URL scheme of the request, {@code http} or {@code https}.
		 */
		URL_SCHEME {
			@Override
			public String asString() {
				return "url.scheme";
			}
		}

	}

	/**
	 * Keys that are only put on the span.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * HTTP method exactly as the client sent it.
		 */
		HTTP_REQUEST_METHOD_ORIGINAL {
			@Override
			public String asString() {
				return "http.request.method_original";
			}
		},

		/**
		 * Path of the request URL, without the query string.
		 */
		URL_PATH {
			@Override
			public String asString() {
				return "url.path";
			}
		}

	}

}
