package dev.observability.starter.jobs;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.util.ReflectionUtils;

/**
 * Instruments the executor and scheduler beans of the application as they are created:
 * <ul>
 * <li>Spring's executors that take a task decorator ({@code ThreadPoolTaskExecutor} and
 * {@code SimpleAsyncTaskExecutor} — Boot's {@code applicationTaskExecutor}, on platform
 * or virtual threads — {@code ConcurrentTaskExecutor}, {@code TaskExecutorAdapter}) get
 * the starter's task decorator, composed with the one they have; a thread pool's
 * rejections are counted;</li>
 * <li>task schedulers ({@code TaskScheduler} beans) are proxied, so that every task given
 * to them is a job: scheduled runs as traces of their own;</li>
 * <li>other {@code ExecutorService} beans (a pool from {@code Executors}, a
 * virtual-thread-per-task executor) are wrapped, when the bean is declared as an
 * interface the wrapper implements; a bean declared as its class (a
 * {@code ThreadPoolExecutor}) is left alone, as wrapping it would break its
 * injection;</li>
 * <li>any other {@code Executor} or {@code TaskExecutor} bean declared as one of these
 * interfaces is wrapped likewise.</li>
 * </ul>
 */
final class JobExecutorsPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

	private static final Log logger = LogFactory.getLog(JobExecutorsPostProcessor.class);

	private final JobHook hook;

	private final Set<String> excluded;

	private final boolean schedulers;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	/**
	 * Create the post-processor.
	 * @param hook the job hook
	 * @param excluded names of beans left alone
	 * @param bootObservation whether Spring's own scheduled task observation is kept, in
	 * which case schedulers are left alone
	 */
	JobExecutorsPostProcessor(JobHook hook, Set<String> excluded, boolean bootObservation) {
		this.hook = hook;
		this.excluded = excluded;
		this.schedulers = !bootObservation;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public int getOrder() {
		// after other post-processors, so that the instrumented bean is the final one
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (this.excluded.contains(beanName) || bean instanceof TaskScheduler) {
			return bean;
		}
		if (bean instanceof TaskExecutor executor && decoratorSetter(executor) != null) {
			decorate(executor, beanName);
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (this.excluded.contains(beanName)) {
			return bean;
		}
		try {
			if (bean instanceof TaskScheduler) {
				return this.schedulers ? proxyScheduler(bean, beanName) : bean;
			}
			if (bean instanceof ThreadPoolTaskExecutor pool) {
				RejectionCounting.install(this.hook, beanName, pool.getThreadPoolExecutor());
				return bean;
			}
			if (bean instanceof ExecutorService executor && !(bean instanceof TaskExecutor)
					&& !(bean instanceof JobExecutorService)) {
				return wrap(executor, beanName);
			}
			if (bean instanceof Executor executor && !(bean instanceof ExecutorService)
					&& !(bean instanceof JobExecutor)
					&& !(bean instanceof TaskExecutor task && decoratorSetter(task) != null)) {
				return wrapExecutor(executor, beanName);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			logger.warn("Executor '" + beanName + "' is not instrumented: " + ex);
		}
		return bean;
	}

	/**
	 * The {@code setTaskDecorator} method of Spring's executors that take one
	 * ({@code ThreadPoolTaskExecutor}, {@code SimpleAsyncTaskExecutor},
	 * {@code ConcurrentTaskExecutor}, {@code TaskExecutorAdapter}).
	 */
	private static @Nullable Method decoratorSetter(TaskExecutor executor) {
		return ReflectionUtils.findMethod(executor.getClass(), "setTaskDecorator", TaskDecorator.class);
	}

	private void decorate(TaskExecutor executor, String beanName) {
		Field field = ReflectionUtils.findField(executor.getClass(), "taskDecorator", TaskDecorator.class);
		Method setter = decoratorSetter(executor);
		if (field == null || setter == null) {
			logger.info("Executor '" + beanName + "' is not instrumented: its task decorator cannot be read");
			return;
		}
		try {
			ReflectionUtils.makeAccessible(field);
			TaskDecorator existing = (TaskDecorator) field.get(executor);
			if (existing instanceof JobTaskDecorator) {
				return;
			}
			ReflectionUtils.invokeMethod(setter, executor, new JobTaskDecorator(this.hook, beanName, existing));
		}
		catch (IllegalAccessException | RuntimeException ex) {
			logger.info(
					"Executor '" + beanName + "' is not instrumented: its task decorator cannot be read (" + ex + ")");
		}
	}

	private Object proxyScheduler(Object scheduler, String beanName) {
		if (scheduler instanceof Advised || AopUtils.isAopProxy(scheduler)) {
			return scheduler;
		}
		Class<?> type = scheduler.getClass();
		ProxyFactory factory = new ProxyFactory(scheduler);
		boolean byClass = !Modifier.isFinal(type.getModifiers()) && !type.getName().startsWith("java.")
				&& !isDeclaredAsInterface(beanName);
		factory.setProxyTargetClass(byClass);
		if (!byClass) {
			factory.setInterfaces(org.springframework.util.ClassUtils.getAllInterfacesForClass(type));
		}
		factory.addAdvice(new JobSchedulerInterceptor(this.hook, beanName));
		return factory.getProxy(type.getClassLoader());
	}

	private Object wrap(ExecutorService executor, String beanName) {
		Class<?> wrapper = (executor instanceof ScheduledExecutorService) ? JobScheduledExecutorService.class
				: JobExecutorService.class;
		Class<?> declared = declaredType(beanName);
		if (declared == null || !declared.isAssignableFrom(wrapper)) {
			logger.debug("Executor '" + beanName + "' is not instrumented: it is declared as "
					+ ((declared != null) ? declared.getName() : "an unknown type")
					+ "; declare it as an ExecutorService for its tasks to be jobs");
			return executor;
		}
		return (executor instanceof ScheduledExecutorService scheduled)
				? new JobScheduledExecutorService(scheduled, this.hook, beanName)
				: new JobExecutorService(executor, this.hook, beanName);
	}

	private Object wrapExecutor(Executor executor, String beanName) {
		Class<?> declared = declaredType(beanName);
		if (declared == null || !declared.isAssignableFrom(JobExecutor.class)) {
			logger.debug("Executor '" + beanName + "' is not instrumented: it is declared as "
					+ ((declared != null) ? declared.getName() : "an unknown type")
					+ "; declare it as an Executor or TaskExecutor for its tasks to be jobs");
			return executor;
		}
		return new JobExecutor(executor, this.hook, beanName);
	}

	private boolean isDeclaredAsInterface(String beanName) {
		Class<?> declared = declaredType(beanName);
		return declared != null && declared.isInterface();
	}

	private @Nullable Class<?> declaredType(String beanName) {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		if (beanFactory == null || !beanFactory.containsBeanDefinition(beanName)) {
			return null;
		}
		try {
			BeanDefinition definition = beanFactory.getMergedBeanDefinition(beanName);
			ResolvableType type = definition.getResolvableType();
			return type.resolve();
		}
		catch (NoSuchBeanDefinitionException ex) {
			return null;
		}
	}

}
