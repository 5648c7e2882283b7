/**
 * Test kit: captures spans and meters of a Spring Boot test and asserts on trace trees,
 * SQL query counts and meters.
 */
package dev.observability.test;
