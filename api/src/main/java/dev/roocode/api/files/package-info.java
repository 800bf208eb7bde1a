/** Files: {@code POST/GET/DELETE /v1/files}, {@code GET /v1/files/{id}} and {@code /content}, on a pluggable store (a local folder by default). */
package dev.roocode.api.files;
