/** The thread on which a service follows topics from their beginning with a group-less, assigned consumer. */
package dev.roocode.api.feed;
