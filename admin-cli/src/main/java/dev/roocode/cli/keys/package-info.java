/** {@code roocode keys}: roocode-api's virtual API keys (create, list, revoke) and master-key rotation of stored secrets. */
package dev.roocode.cli.keys;
