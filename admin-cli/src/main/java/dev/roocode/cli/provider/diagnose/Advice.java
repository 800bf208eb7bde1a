package dev.roocode.cli.provider.diagnose;

import dev.roocode.schemas.avro.ErrorClass;

/** What to do about a failed request, by HTTP status first and error class second. */
final class Advice {
    private Advice() {}

    /** A 404: the request's path ({@code POST /v1/chat/completions}) is shown, since a wrong base path is the usual cause. */
    static String notFound(String request) {
        return "not found: the request was " + request
                + "; check the endpoint's base path (an OpenAI-format server's usually ends"
                + " in /v1, e.g. http://host:8000/v1), the model name, or the Azure deployment name";
    }

    static String forFailure(String provider, Integer status, ErrorClass errorClass) {
        if (status != null) {
            if (status == 401) {
                return "the key was rejected: check it, and that it belongs to this endpoint and organization;"
                        + " replace it with 'roocode providers update " + provider + " --api-key-stdin'";
            }
            if (status == 403) {
                return "the key has no permission here: check its scopes, the organization/project and access to this model";
            }
            if (status == 400 || status == 422) {
                return "the provider refused the request: check the model name (providerModel), the api version and type-specific settings";
            }
            if (status == 404) {
                return "not found: check the endpoint path, the model name, or the Azure deployment name";
            }
            if (status == 408) {
                return "the provider timed out: try again, or raise the provider's timeout";
            }
            if (status == 429) {
                return "rate limited or out of quota: check the account's limits and billing, and lower rpm/tpm";
            }
            if (status >= 500) {
                return "the provider failed on its side: try again later and check its status page";
            }
        }
        return switch (errorClass) {
            case NETWORK -> "no connection: check the endpoint's host and port, a proxy or firewall";
            case TIMEOUT -> "no answer in time: check the provider's status or raise its timeout";
            case INVALID_RESPONSE ->
                "the answer was not what this provider type returns: check the type and endpoint path";
            default -> "see the provider's error message above";
        };
    }
}
