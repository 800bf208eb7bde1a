/**
 * roocode-api: the OpenAI-compatible HTTP API over Kafka. {@link dev.roocode.api.ApiServer} serves
 * the endpoint groups ({@code files}, {@code batches}, {@code chat}, {@code models}, {@code admin})
 * behind one authentication filter ({@code auth}) and one error shape ({@code http}).
 */
package dev.roocode.api;
