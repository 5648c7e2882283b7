/**
 * Switches, conditions and small shared pieces that every integration of the starter
 * uses.
 */
package dev.observability.starter.core;
