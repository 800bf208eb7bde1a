/** The OpenAI wire format shared by the openai, azure-openai, huggingface and openai-compatible types: request body, response mapper, error classifier. */
package dev.roocode.connectors.provider.openaiformat;
