package dev.roocode.sandbox.registry;

/**
 * The Confluent registry modes. READONLY refuses writes to a subject (or to all, set globally);
 * READONLY_OVERRIDE set globally refuses writes whatever a subject's own mode says. IMPORT is
 * named so it parses, but the embedded registry does not serve it (it registers with given ids).
 */
enum RegistryMode {
    READWRITE,
    READONLY,
    READONLY_OVERRIDE,
    IMPORT;

    /** The mode named {@code name} (case-insensitive), or null if there is none. */
    static RegistryMode parse(String name) {
        if (name == null) {
            return null;
        }
        for (RegistryMode mode : values()) {
            if (mode.name().equalsIgnoreCase(name.trim())) {
                return mode;
            }
        }
        return null;
    }

    boolean refusesWrites() {
        return this == READONLY || this == READONLY_OVERRIDE;
    }
}
