package dev.observability.sample.residence;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Turns on {@code @Async} methods ({@link ReminderSender}), which run on Boot's
 * {@code applicationTaskExecutor}. Kept off the application class, so that test slices
 * such as {@code @DataJpaTest} do not pick it up.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class BackgroundJobsConfiguration {

}
