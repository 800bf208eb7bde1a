/** Test helpers of the connectors module: locating the shared specs folder. */
package dev.roocode.connectors.testing;
