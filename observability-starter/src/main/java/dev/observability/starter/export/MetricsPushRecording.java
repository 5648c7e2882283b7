package dev.observability.starter.export;

import io.micrometer.registry.otlp.OtlpMetricsSender;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps the application's {@link OtlpMetricsSender} bean (Boot's, unless the application
 * defines one) in a {@link MetricsPushRecorder}, and keeps the recorder for the
 * {@code telemetry} health contributor.
 */
final class MetricsPushRecording implements BeanPostProcessor {

	private final ObjectProvider<ExportTimers> timers;

	private final ObjectProvider<ExportShutdown> shutdown;

	private volatile @Nullable MetricsPushRecorder recorder;

	MetricsPushRecording(ObjectProvider<ExportTimers> timers, ObjectProvider<ExportShutdown> shutdown) {
		this.timers = timers;
		this.shutdown = shutdown;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof OtlpMetricsSender sender && !(bean instanceof MetricsPushRecorder)) {
			MetricsPushRecorder recorder = new MetricsPushRecorder(sender,
					this.timers.getIfAvailable(ExportTimers::new), this.shutdown.getObject());
			this.recorder = recorder;
			return recorder;
		}
		return bean;
	}

	@Nullable MetricsPushRecorder recorder() {
		return this.recorder;
	}

}
