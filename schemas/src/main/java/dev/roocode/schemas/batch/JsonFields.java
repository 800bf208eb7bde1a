package dev.roocode.schemas.batch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads of optional body fields. Each turns a wrong type into an {@link InvalidLineException}
 * naming the field, so a bad line says exactly what to fix.
 */
final class JsonFields {
    private JsonFields() {}

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    static String optText(JsonNode parent, String field, String path) throws InvalidLineException {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(path + field + " must be a string");
        }
        return node.textValue();
    }

    static Double optDouble(JsonNode parent, String field) throws InvalidLineException {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isNumber()) {
            throw invalid(field + " must be a number");
        }
        return node.doubleValue();
    }

    static Integer optInt(JsonNode parent, String field) throws InvalidLineException {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid(field + " must be an integer (got " + node + ")");
        }
        return node.intValue();
    }

    static Long optLong(JsonNode parent, String field) throws InvalidLineException {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(field + " must be an integer (got " + node + ")");
        }
        return node.longValue();
    }

    /** Compact JSON text of a field, or null when it is absent or JSON null. */
    static String optJson(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return absent(node) ? null : BatchJson.text(node);
    }

    static InvalidLineException invalid(String message) {
        return new InvalidLineException(BatchErrorCodes.INVALID_VALUE, message);
    }
}
