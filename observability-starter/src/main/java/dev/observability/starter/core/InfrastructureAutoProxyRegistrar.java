package dev.observability.starter.core;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Makes sure an auto-proxy creator exists, so that the starter's advisors (service spans,
 * {@code @Async} job names) are applied even in an application without AspectJ or
 * {@code @EnableTransactionManagement}. An existing, more capable creator (Boot's
 * AspectJ-aware one) is kept. Class-based proxies are used unless
 * {@code spring.aop.proxy-target-class} is false, as in Boot.
 */
public class InfrastructureAutoProxyRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
		if (this.environment != null
				&& this.environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true)) {
			AopConfigUtils.forceAutoProxyCreatorToUseClassProxying(registry);
		}
	}

}
