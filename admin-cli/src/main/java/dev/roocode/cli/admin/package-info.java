/**
 * The CLI's operations served to roocode-api's admin endpoints and web console: {@link
 * dev.roocode.cli.admin.ClusterProviderAdminFactory} composes the provider and route operations behind api's SPI. It
 * depends on the command packages; none of them depends on it (the embedded stack finds it by {@link
 * java.util.ServiceLoader}, as the service does), which keeps the packages free of cycles.
 */
package dev.roocode.cli.admin;
