/**
 * JPA entities for the Hibernate test of the JDBC observations.
 */
package dev.observability.starter.jdbc.jpa;
