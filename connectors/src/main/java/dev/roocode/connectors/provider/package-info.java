/** The provider SPI: adapters that turn jobs into HTTP calls and HTTP answers into outputs or error classes, without I/O. */
package dev.roocode.connectors.provider;
