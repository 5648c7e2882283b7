package dev.observability.starter.export;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Meters of the telemetry pipeline: what became of every span handed to export, and how
 * each export call to a collector went.
 */
enum ExportMeterDocumentation implements MeterDocumentation {

	/**
	 * Counter of spans handed to the export pipeline when they ended. Not named
	 * {@code created}: Prometheus reads a {@code _created} suffix as a counter's creation
	 * time.
	 */
	SPANS_ENDED {
		@Override
		public String getName() {
			return "telemetry.spans.ended";
		}

		@Override
		public String getDescription() {
			return "Spans handed to the export pipeline when they ended (sampled ones)";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}
	},

	/**
	 * Counter of spans the collector accepted.
	 */
	SPANS_EXPORTED {
		@Override
		public String getName() {
			return "telemetry.spans.exported";
		}

		@Override
		public String getDescription() {
			return "Spans the collector accepted";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}
	},

	/**
	 * Counter of spans in export calls that failed, timed out or were abandoned at
	 * shutdown.
	 */
	SPANS_FAILED {
		@Override
		public String getName() {
			return "telemetry.spans.failed";
		}

		@Override
		public String getDescription() {
			return "Spans lost because the export call carrying them failed or timed out";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}
	},

	/**
	 * Counter of spans that found the export queue full.
	 */
	SPANS_DROPPED {
		@Override
		public String getName() {
			return "telemetry.spans.dropped";
		}

		@Override
		public String getDescription() {
			return "Spans lost because the export queue was full when they ended";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}
	},

	/**
	 * Gauge of the spans waiting in the export queue or in the export call under way.
	 */
	SPANS_QUEUED {
		@Override
		public String getName() {
			return "telemetry.spans.queued";
		}

		@Override
		public String getDescription() {
			return "Spans waiting in the export queue or in the export call under way";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}
	},

	/**
	 * Gauge of the export queue's capacity.
	 */
	SPANS_QUEUE_CAPACITY {
		@Override
		public String getName() {
			return "telemetry.spans.queue.capacity";
		}

		@Override
		public String getDescription() {
			return "Most spans the export queue holds; spans ending while it is full are dropped";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}
	},

	/**
	 * Timer of each export call to a collector, by signal and outcome.
	 */
	EXPORT_DURATION {
		@Override
		public String getName() {
			return "telemetry.export.duration";
		}

		@Override
		public String getDescription() {
			return "Duration of calls exporting telemetry to a collector, by signal and outcome";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.TIMER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { KeyNames.SIGNAL, KeyNames.OUTCOME };
		}
	};

	/**
	 * {@link KeyNames#OUTCOME} of an export the collector accepted.
	 */
	static final String SUCCESS = "success";

	/**
	 * {@link KeyNames#OUTCOME} of an export that failed or timed out.
	 */
	static final String FAILURE = "failure";

	/**
	 * One sentence on what the meter measures, which a Prometheus scrape prints as its
	 * {@code # HELP} text.
	 * @return the description
	 */
	public abstract String getDescription();

	/**
	 * Tag keys of {@link #EXPORT_DURATION}.
	 */
	enum KeyNames implements KeyName {

		/**
		 * The signal exported: {@code traces} or {@code metrics}.
		 */
		SIGNAL {
			@Override
			public String asString() {
				return "signal";
			}
		},

		/**
		 * {@value ExportMeterDocumentation#SUCCESS} when the collector accepted the data,
		 * else {@value ExportMeterDocumentation#FAILURE}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

}
