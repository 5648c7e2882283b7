/**
 * Development aid that logs each finished trace as an indented span tree.
 */
package dev.observability.starter.tracelog;
