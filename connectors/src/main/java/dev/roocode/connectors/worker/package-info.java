/** Provider workers: consume a provider's dispatch topic, execute jobs over async HTTP in a bounded window, and publish attempts to outcomes or fallback. */
package dev.roocode.connectors.worker;
