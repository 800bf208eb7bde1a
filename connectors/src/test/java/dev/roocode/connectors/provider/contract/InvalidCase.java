package dev.roocode.connectors.provider.contract;

import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;

/**
 * A 2xx answer fixture ({@code <name>.response.json}) the response mapper must refuse, usually with
 * INVALID_RESPONSE (a required field missing or mistyped); CONTENT_POLICY for providers that report
 * a refusal in a 2xx body.
 */
public record InvalidCase(String name, JobKind kind, ErrorClass errorClass) {

    /** A body that lacks what a result needs. */
    public static InvalidCase invalid(String name, JobKind kind) {
        return new InvalidCase(name, kind, ErrorClass.INVALID_RESPONSE);
    }

    @Override
    public String toString() {
        return name + " (" + kind + " -> " + errorClass + ")";
    }
}
