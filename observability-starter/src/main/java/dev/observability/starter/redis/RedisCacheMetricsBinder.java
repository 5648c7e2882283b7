package dev.observability.starter.redis;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Tag;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.NameMatchMethodPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.cache.Cache;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.util.StringUtils;

import dev.observability.starter.core.HookFailures;

/**
 * Binds Redis caches created after startup to Boot's cache metrics. Boot binds the caches
 * a cache manager has when the application starts (those of
 * {@code spring.cache.cache-names}); a {@link RedisCacheManager} creates the others on
 * their first use, and Boot leaves them unbound. This post-processor wraps each
 * {@code RedisCacheManager} bean in a class-based proxy (its type is kept) whose
 * {@code getCache} binds a cache the first time it is returned, through Boot's
 * {@link CacheMetricsRegistrar} and with the {@code cache.manager} tag Boot gives. The
 * meters read the cache's cumulative statistics, so nothing counted before the binding is
 * lost. Binding starts once every singleton exists: Boot binds the startup caches itself,
 * and its registrar is not available before.
 */
final class RedisCacheMetricsBinder implements BeanPostProcessor, SmartInitializingSingleton {

	private static final String CACHE_MANAGER_SUFFIX = "cacheManager";

	/**
	 * The tag Boot's cache metrics name the manager by (a private constant of Boot's
	 * {@code CacheMetricsRegistrarConfiguration}).
	 */
	private static final String CACHE_MANAGER_TAG = "cache.manager";

	private final ObjectProvider<CacheMetricsRegistrar> registrar;

	private final ObjectProvider<HookFailures> failures;

	private volatile boolean ready;

	RedisCacheMetricsBinder(ObjectProvider<CacheMetricsRegistrar> registrar, ObjectProvider<HookFailures> failures) {
		this.registrar = registrar;
		this.failures = failures;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.ready = true;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof RedisCacheManager) || AopUtils.isAopProxy(bean)) {
			return bean;
		}
		ProxyFactory proxy = new ProxyFactory(bean);
		proxy.setProxyTargetClass(true);
		NameMatchMethodPointcutAdvisor advisor = new NameMatchMethodPointcutAdvisor(
				new BindingInterceptor(Tag.of(CACHE_MANAGER_TAG, managerName(beanName))));
		advisor.setMappedName("getCache");
		proxy.addAdvisor(advisor);
		return proxy.getProxy(bean.getClass().getClassLoader());
	}

	/**
	 * The manager's name as Boot's cache metrics give it: the bean name without its
	 * {@code cacheManager} suffix.
	 */
	static String managerName(String beanName) {
		if (beanName.length() > CACHE_MANAGER_SUFFIX.length()
				&& StringUtils.endsWithIgnoreCase(beanName, CACHE_MANAGER_SUFFIX)) {
			return beanName.substring(0, beanName.length() - CACHE_MANAGER_SUFFIX.length());
		}
		return beanName;
	}

	private final class BindingInterceptor implements MethodInterceptor {

		private final Tag manager;

		private final Set<String> bound = ConcurrentHashMap.newKeySet();

		BindingInterceptor(Tag manager) {
			this.manager = manager;
		}

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Object cache = invocation.proceed();
			if (RedisCacheMetricsBinder.this.ready && cache instanceof RedisCache redisCache
					&& !this.bound.contains(redisCache.getName())) {
				bind(redisCache);
			}
			return cache;
		}

		private void bind(Cache cache) {
			try {
				CacheMetricsRegistrar registrar = RedisCacheMetricsBinder.this.registrar.getIfAvailable();
				if (registrar != null && this.bound.add(cache.getName())) {
					registrar.bindCacheToRegistry(cache, this.manager);
				}
			}
			catch (RuntimeException | LinkageError ex) {
				RedisCacheMetricsBinder.this.failures.getIfAvailable(HookFailures::logOnly)
					.record(RedisCommandTracing.HOOK, ex);
			}
		}

	}

}
