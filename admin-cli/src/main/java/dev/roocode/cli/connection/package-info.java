/** Where the cluster is: profiles saved by {@code roocode login}, the shared connection options, and the open connection. */
package dev.roocode.cli.connection;
