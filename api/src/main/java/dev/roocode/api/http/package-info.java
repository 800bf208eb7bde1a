/** HTTP plumbing shared by every endpoint: OpenAI-shaped errors, JSON bodies, path and query parameters. */
package dev.roocode.api.http;
