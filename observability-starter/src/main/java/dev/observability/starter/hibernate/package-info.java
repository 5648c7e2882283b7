/**
 * Hibernate ORM support: tags the SQL statements of a lazy collection or entity fetch
 * with what is being loaded.
 */
@NullMarked
package dev.observability.starter.hibernate;

import org.jspecify.annotations.NullMarked;
