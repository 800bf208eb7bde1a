/**
 * What every Roocode service process has in common: the small HTTP endpoint that serves
 * {@code /health/live}, {@code /health/ready} and further read-only routes such as {@code /metrics}.
 */
package dev.roocode.core.service;
