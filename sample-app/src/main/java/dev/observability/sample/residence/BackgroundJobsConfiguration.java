package dev.observability.sample.residence;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turns on {@code @Async} methods ({@link ReminderSender}), which run on Boot's
 * {@code applicationTaskExecutor}, and {@code @Scheduled} ones
 * ({@link OverdueTaskScanner}), which run on Boot's {@code taskScheduler}. Kept off the
 * application class, so that test slices such as {@code @DataJpaTest} do not pick them
 * up.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
@EnableScheduling
class BackgroundJobsConfiguration {

}
