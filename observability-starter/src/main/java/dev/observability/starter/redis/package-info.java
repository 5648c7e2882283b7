/**
 * One CLIENT span and one {@code db.client.operation.duration} sample per Redis command
 * sent through Lettuce, in place of Spring Boot's Lettuce observation: values never
 * recorded, an opt-in masked statement, key patterns as a bounded tag, connection events,
 * and Spring Cache statistics over Redis.
 */
@NullMarked
package dev.observability.starter.redis;

import org.jspecify.annotations.NullMarked;
