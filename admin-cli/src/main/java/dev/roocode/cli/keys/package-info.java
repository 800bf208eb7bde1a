/** {@code roocode keys}: master-key rotation of stored secrets. */
package dev.roocode.cli.keys;
