/** How Roocode processes read their settings: a properties file overridden by ROOCODE_* environment variables. */
package dev.roocode.core.config;
