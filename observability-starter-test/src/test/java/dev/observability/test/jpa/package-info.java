/**
 * Entity and repository of the kit's {@code @DataJpaTest} tests.
 */
package dev.observability.test.jpa;
