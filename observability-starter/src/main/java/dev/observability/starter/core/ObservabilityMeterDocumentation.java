package dev.observability.starter.core;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Meters the starter records about itself: failures of its own hooks and tag values it
 * had to fold into {@code _OTHER}.
 */
public enum ObservabilityMeterDocumentation implements MeterDocumentation {

	/**
	 * Counter of failures inside the starter's hooks; each failure left the application's
	 * call unobserved but otherwise untouched.
	 */
	HOOK_FAILURES {
		@Override
		public String getName() {
			return "observability.hook.failures";
		}

		@Override
		public String getDescription() {
			return "Failures inside the starter's instrumentation hooks, by hook; the application's call went on unobserved";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { KeyNames.HOOK };
		}
	},

	/**
	 * Counter of tag values replaced by {@code _OTHER} because the meter already had as
	 * many distinct values for that key as it may have.
	 */
	CARDINALITY_OVERFLOWS {
		@Override
		public String getName() {
			return "observability.cardinality.overflows";
		}

		@Override
		public String getDescription() {
			return "Tag values reported as _OTHER because their meter reached its limit of distinct values";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { KeyNames.METER, KeyNames.KEY };
		}
	};

	/**
	 * One sentence on what the meter measures, which a Prometheus scrape prints as its
	 * {@code # HELP} text.
	 * @return the description
	 */
	public abstract String getDescription();

	/**
	 * Tag keys of the starter's own meters.
	 */
	public enum KeyNames implements KeyName {

		/**
		 * Fixed name of the hook that failed, e.g. {@code jdbc} or {@code service}.
		 */
		HOOK {
			@Override
			public String asString() {
				return "hook";
			}
		},

		/**
		 * Name of the meter whose tag value overflowed.
		 */
		METER {
			@Override
			public String asString() {
				return "meter";
			}
		},

		/**
		 * Tag key whose value overflowed, e.g. {@code db.collection.name}.
		 */
		KEY {
			@Override
			public String asString() {
				return "key";
			}
		}

	}

}
