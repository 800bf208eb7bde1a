/** Pieces every provider package needs and none should copy: JSON text handling, endpoint joining, Retry-After and rate-limit reset parsing. */
package dev.roocode.connectors.provider.support;
