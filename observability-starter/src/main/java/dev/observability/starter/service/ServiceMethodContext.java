package dev.observability.starter.service;

import java.lang.reflect.Method;

import io.micrometer.observation.Observation;
import io.opentelemetry.api.trace.SpanKind;

import dev.observability.starter.core.LeanObservation;
import dev.observability.starter.core.OperationDescriptor;
import dev.observability.starter.service.ServiceObservationDocumentation.LowCardinalityKeyNames;

/**
 * What the service hook knows about one call: the service's class (the user's class,
 * never a proxy class) and the method called.
 */
public class ServiceMethodContext extends Observation.Context {

	private final ServiceMethod serviceMethod;

	ServiceMethodContext(ServiceMethod serviceMethod) {
		this.serviceMethod = serviceMethod;
	}

	/**
	 * Class of the service bean, without any proxy suffix.
	 * @return the service's class
	 */
	public Class<?> getServiceClass() {
		return this.serviceMethod.serviceClass();
	}

	/**
	 * Method that was called.
	 * @return the method
	 */
	public Method getMethod() {
		return this.serviceMethod.method();
	}

	/**
	 * Fully qualified name of the method, e.g.
	 * {@code com.example.TaskService.listForResidence}.
	 * @return the function name
	 */
	public String getFunctionName() {
		return this.serviceMethod.functionName();
	}

	/**
	 * Simple class name and method name, e.g. {@code TaskService.listForResidence}.
	 * @return the span name
	 */
	public String getSpanName() {
		return this.serviceMethod.descriptor().getSpanName();
	}

	/**
	 * Span name and bounded key values of the method, computed once per method.
	 * @return the descriptor
	 */
	public OperationDescriptor getDescriptor() {
		return this.serviceMethod.descriptor();
	}

	/**
	 * Names of one service method, computed once per method and class.
	 */
	record ServiceMethod(Class<?> serviceClass, Method method, String functionName,
			OperationDescriptor descriptor) implements LeanObservation.ContextFactory {

		static ServiceMethod of(Class<?> serviceClass, Method method) {
			String functionName = serviceClass.getName() + "." + method.getName();
			OperationDescriptor descriptor = OperationDescriptor
				.builder(ServiceObservationDocumentation.SERVICE_METHOD.getName(),
						serviceClass.getSimpleName() + "." + method.getName(), SpanKind.INTERNAL,
						LowCardinalityKeyNames.ERROR_TYPE.asString())
				.lowCardinality(LowCardinalityKeyNames.CODE_FUNCTION_NAME.asString(), functionName)
				.build();
			return new ServiceMethod(serviceClass, method, functionName, descriptor);
		}

		@Override
		public ServiceMethodContext createContext() {
			return new ServiceMethodContext(this);
		}

	}

}
