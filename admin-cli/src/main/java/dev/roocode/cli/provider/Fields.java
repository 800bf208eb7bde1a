package dev.roocode.cli.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.DurationConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One object of a providers file (or of the flags turned into one), read field by field with its
 * path for one-line errors ({@code providers.yaml: providers[1].models[0]: missing field 'model'}),
 * and checked at the end for fields nobody read, so a typo is an error instead of a silent default.
 */
final class Fields {
    private final String source;
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();

    Fields(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
        if (node == null || !node.isObject()) {
            throw error("expected a mapping of fields");
        }
    }

    CliException error(String message) {
        return CliException.usage(source + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    String string(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw error("field '" + name + "' must be a single value");
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    String required(String name, String hint) {
        String value = string(name);
        if (value == null) {
            throw error("missing field '" + name + "'" + (hint == null ? "" : " (" + hint + ")"));
        }
        return value;
    }

    Long longValue(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            long value = Long.parseLong(text.replace("_", ""));
            if (value < 0) {
                throw error("field '" + name + "' must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw error("field '" + name + "' must be a whole number, was '" + text + "'");
        }
    }

    Integer intValue(String name) {
        Long value = longValue(name);
        if (value != null && value > Integer.MAX_VALUE) {
            throw error("field '" + name + "' is too large");
        }
        return value == null ? null : value.intValue();
    }

    Double doubleValue(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw error("field '" + name + "' must be a non-negative number");
            }
            return value;
        } catch (NumberFormatException e) {
            throw error("field '" + name + "' must be a number, was '" + text + "'");
        }
    }

    Boolean booleanValue(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw error("field '" + name + "' must be true or false");
        }
        return Boolean.parseBoolean(text);
    }

    /** A duration: 90s, 2m, 500ms, ISO-8601, or a bare number of milliseconds. */
    Duration duration(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        if (text.matches("\\d+")) {
            return Duration.ofMillis(Long.parseLong(text));
        }
        try {
            return new DurationConverter().convert(text);
        } catch (RuntimeException e) {
            throw error("field '" + name + "': '" + text + "' is not a duration; use e.g. 500ms, 30s, 2m");
        }
    }

    List<String> strings(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        List<String> list = new ArrayList<>();
        if (value == null || value.isNull()) {
            return list;
        }
        if (value.isValueNode()) {
            for (String part : value.asText().split(",")) {
                if (!part.isBlank()) {
                    list.add(part.trim());
                }
            }
            return list;
        }
        if (!value.isArray()) {
            throw error("field '" + name + "' must be a list");
        }
        value.forEach(item -> {
            if (!item.isValueNode()) {
                throw error("field '" + name + "' must be a list of values");
            }
            list.add(item.asText().trim());
        });
        return list;
    }

    Map<String, String> stringMap(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return map;
        }
        if (!value.isObject()) {
            throw error("field '" + name + "' must be a mapping of name: value");
        }
        value.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                throw error("field '" + name + "." + e.getKey() + "' must be a single value");
            }
            map.put(e.getKey(), e.getValue().asText());
        });
        return map;
    }

    /** The nested object {@code name}, or null when absent. */
    Fields object(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : new Fields(source, child(name), value);
    }

    /** The raw node of {@code name} (for fields with more than one shape). */
    JsonNode raw(String name) {
        read.add(name);
        return node.get(name);
    }

    List<Fields> objects(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        List<Fields> list = new ArrayList<>();
        if (value == null || value.isNull()) {
            return list;
        }
        if (!value.isArray()) {
            throw error("field '" + name + "' must be a list");
        }
        for (int i = 0; i < value.size(); i++) {
            list.add(new Fields(source, child(name) + "[" + i + "]", value.get(i)));
        }
        return list;
    }

    /** Fails naming the first field that was never read (a typo or a field of another provider type). */
    void rejectUnknown(String known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!read.contains(name)) {
                throw error("unknown field '" + name + "'" + (known == null ? "" : "; known fields: " + known));
            }
        }
    }

    String path() {
        return path;
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
