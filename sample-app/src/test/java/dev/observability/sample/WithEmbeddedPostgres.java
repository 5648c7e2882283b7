package dev.observability.sample;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Runs a {@code @SpringBootTest} on the {@code postgres} profile against the embedded
 * PostgreSQL server shared by the whole test JVM. Test classes carrying only this
 * annotation (and the same other configuration) share one cached application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ActiveProfiles("postgres")
@Import(EmbeddedPostgresConfiguration.class)
public @interface WithEmbeddedPostgres {

}
