package dev.observability.starter.service;

import java.lang.reflect.Method;

import io.micrometer.observation.Observation;

/**
 * What the service hook knows about one call: the service's class (the user's class,
 * never a proxy class) and the method called.
 */
public class ServiceMethodContext extends Observation.Context {

	private final Class<?> serviceClass;

	private final Method method;

	private final String functionName;

	private final String spanName;

	ServiceMethodContext(ServiceMethod serviceMethod) {
		this.serviceClass = serviceMethod.serviceClass();
		this.method = serviceMethod.method();
		this.functionName = serviceMethod.functionName();
		this.spanName = serviceMethod.spanName();
	}

	/**
	 * Class of the service bean, without any proxy suffix.
	 * @return the service's class
	 */
	public Class<?> getServiceClass() {
		return this.serviceClass;
	}

	/**
	 * Method that was called.
	 * @return the method
	 */
	public Method getMethod() {
		return this.method;
	}

	/**
	 * Fully qualified name of the method, e.g.
	 * {@code com.example.TaskService.listForResidence}.
	 * @return the function name
	 */
	public String getFunctionName() {
		return this.functionName;
	}

	/**
	 * Simple class name and method name, e.g. {@code TaskService.listForResidence}.
	 * @return the span name
	 */
	public String getSpanName() {
		return this.spanName;
	}

	/**
	 * Names of one service method, computed once per method and class.
	 */
	record ServiceMethod(Class<?> serviceClass, Method method, String functionName, String spanName) {

		static ServiceMethod of(Class<?> serviceClass, Method method) {
			return new ServiceMethod(serviceClass, method, serviceClass.getName() + "." + method.getName(),
					serviceClass.getSimpleName() + "." + method.getName());
		}

	}

}
