/** {@code roocode providers test}: configuration, DNS, TCP, TLS, authentication and one real request per job kind. */
package dev.roocode.cli.provider.diagnose;
