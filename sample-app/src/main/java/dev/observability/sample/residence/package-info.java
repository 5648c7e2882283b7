/**
 * Residences, their maintenance tasks, the REST API that lists, creates and completes
 * them, and the residence ids cached in Redis.
 */
package dev.observability.sample.residence;
