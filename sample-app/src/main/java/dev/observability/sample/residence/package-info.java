/**
 * Residences, their maintenance tasks, and the REST API that lists, creates and completes
 * them.
 */
package dev.observability.sample.residence;
