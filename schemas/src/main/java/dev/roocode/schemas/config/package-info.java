/** The Kafka settings every Roocode service shares, declared once, and the one way to build Kafka client properties from them. */
package dev.roocode.schemas.config;
