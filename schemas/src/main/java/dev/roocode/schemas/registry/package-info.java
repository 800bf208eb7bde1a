/** A small client for the Confluent Schema Registry REST API (register, by id, latest, compatibility). */
package dev.roocode.schemas.registry;
