/**
 * Spans and timers for the public methods of {@code @Service} beans, through a Spring AOP
 * advisor (no AspectJ weaver needed).
 */
package dev.observability.starter.service;
