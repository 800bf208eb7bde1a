/** Rules about Roocode's topics that hold for every cluster, free of Kafka: how wide each kind of topic is. */
package dev.roocode.core.topic;
