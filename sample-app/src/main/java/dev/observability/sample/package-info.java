/**
 * Sample application that manages residences and their maintenance tasks, used to show
 * and test the observability starter end to end.
 */
package dev.observability.sample;
