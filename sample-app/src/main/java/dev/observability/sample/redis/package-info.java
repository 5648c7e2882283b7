/**
 * The Redis server the sample talks to: an embedded one by default, an external one on
 * the {@code redis} profile.
 */
package dev.observability.sample.redis;
