/** The azure-openai provider type: Azure OpenAI deployments addressed by deployment name and api-version. */
package dev.roocode.connectors.provider.azureopenai;
