/** {@code roocode routes}: RoutePolicy records on the compacted routes topic. */
package dev.roocode.cli.route;
