package dev.roocode.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --key=value} options of a run. Every option read is remembered with the value used (default or
 * given), so the report lists exactly the settings a run had.
 */
public final class BenchOptions {
    private final Map<String, String> given;
    private final Map<String, Object> used = new LinkedHashMap<>();

    public BenchOptions(Map<String, String> given) {
        this.given = new LinkedHashMap<>(given);
    }

    /** Parses {@code --key=value} arguments; anything else is an error. */
    public static BenchOptions parse(String[] args, int from) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new BadOption("options are --key=value, got " + arg);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return new BenchOptions(given);
    }

    public int integer(String key, int defaultValue) {
        int value;
        try {
            value = given.containsKey(key) ? Integer.parseInt(given.get(key).replace("_", "")) : defaultValue;
        } catch (NumberFormatException e) {
            throw new BadOption("--" + key + " takes a whole number, got '" + given.get(key) + "'");
        }
        used.put(key, value);
        return value;
    }

    public String string(String key, String defaultValue) {
        String value = given.getOrDefault(key, defaultValue);
        used.put(key, value);
        return value;
    }

    /** Options read so far with their values. */
    public Map<String, Object> used() {
        return used;
    }

    /** Options given that no one read: probably misspelt. */
    public Map<String, String> unread() {
        Map<String, String> unread = new LinkedHashMap<>(given);
        used.keySet().forEach(unread::remove);
        return unread;
    }

    /** An option given in the wrong form or with a value of the wrong kind: a usage error, reported in one line. */
    public static final class BadOption extends IllegalArgumentException {
        public BadOption(String message) {
            super(message);
        }
    }
}
