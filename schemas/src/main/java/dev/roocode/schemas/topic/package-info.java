/** The typed, prefix-aware registry of Roocode's topics: each topic declared once. */
package dev.roocode.schemas.topic;
