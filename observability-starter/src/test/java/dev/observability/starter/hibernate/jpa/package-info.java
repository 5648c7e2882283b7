/**
 * JPA entities for the Hibernate fetch context tests.
 */
package dev.observability.starter.hibernate.jpa;
