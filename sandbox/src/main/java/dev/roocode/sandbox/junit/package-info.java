/** A JUnit 5 extension that gives each test class a running broker, schema registry and registry client. */
package dev.roocode.sandbox.junit;
