/** Credentials at rest: AES-256-GCM under a master key with a key id, so keys can rotate; fingerprints for display. */
package dev.roocode.core.secret;
