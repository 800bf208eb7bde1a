/** Models: {@code GET /v1/models}, the logical models the routes and provider offers serve. */
package dev.roocode.api.models;
