/** Avro serdes in the Confluent wire format: magic byte 0, 4-byte schema id, Avro binary. */
package dev.roocode.schemas.serde;
