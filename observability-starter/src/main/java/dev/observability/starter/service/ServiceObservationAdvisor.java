package dev.observability.starter.service;

import java.util.List;

import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.core.Ordered;

/**
 * Spring AOP advisor that observes every public method call on a {@code @Service} bean,
 * in the way Spring's own transaction advisor works: no AspectJ weaver, and any
 * auto-proxy creator picks it up (it is an infrastructure bean). It is ordered before
 * {@code @Transactional}, so that a service span contains the transaction's commit.
 * <p>
 * Like every Spring proxy, it only sees calls that come through the proxy: a service
 * calling one of its own methods ({@code this.other()}) makes no span for {@code other}.
 * Move such a method to another bean, or annotate it with Micrometer's {@code @Observed}
 * and enable Boot's observation annotations, when it deserves its own span.
 */
public class ServiceObservationAdvisor extends AbstractPointcutAdvisor {

	/**
	 * Order of the advisor: outside transactions and most other method interceptors.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	private final transient ServiceMethodPointcut pointcut;

	private final transient ServiceObservationInterceptor interceptor;

	/**
	 * Create an advisor.
	 * @param include class name patterns to observe; empty for all {@code @Service}
	 * classes
	 * @param exclude class name patterns never to observe
	 * @param interceptor the interceptor that makes the observations
	 */
	public ServiceObservationAdvisor(List<String> include, List<String> exclude,
			ServiceObservationInterceptor interceptor) {
		this.pointcut = new ServiceMethodPointcut(include, exclude);
		this.interceptor = interceptor;
		setOrder(ORDER);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

}
