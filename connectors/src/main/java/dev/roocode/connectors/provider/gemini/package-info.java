/** The gemini provider type: Google's Gemini API ({@code generateContent} and {@code batchEmbedContents}, v1beta). */
package dev.roocode.connectors.provider.gemini;
