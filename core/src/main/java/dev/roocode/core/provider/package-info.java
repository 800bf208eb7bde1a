/** What each provider type is, independent of how it is called: its descriptor and the one registry listing every type. */
package dev.roocode.core.provider;
