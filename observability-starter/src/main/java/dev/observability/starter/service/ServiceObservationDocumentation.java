package dev.observability.starter.service;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

import dev.observability.starter.core.ObservationMeterFilters;

/**
 * Observations the starter makes around calls to {@code @Service} beans.
 */
public enum ServiceObservationDocumentation implements ObservationDocumentation {

	/**
	 * One call of a public method of a {@code @Service} bean, through its Spring proxy.
	 * Its span is named {@code <SimpleClassName>.<method>}, e.g.
	 * {@code TaskService.listForResidence}; its timer is {@code code.function.duration},
	 * in seconds.
	 */
	SERVICE_METHOD {

		@Override
		public String getName() {
			return "code.function.duration";
		}

		@Override
		public String getMeasuredOperations() {
			return "calls of public methods of @Service beans";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultServiceObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
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
	 * Keys that become metric tags; their values are bounded by the application's code.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * Fully qualified class name and method name, e.g.
		 * {@code com.example.TaskService.listForResidence} (OpenTelemetry's
		 * {@code code.function.name}).
		 */
		CODE_FUNCTION_NAME {
			@Override
			public String asString() {
				return "code.function.name";
			}
		},

		/**
		 * Class name of the exception the call ended with, or {@code none}.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		}

	}

}
