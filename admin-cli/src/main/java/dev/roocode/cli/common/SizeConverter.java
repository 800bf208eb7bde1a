package dev.roocode.cli.common;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a size in bytes: 0, 512MB, 1GB, 2G, 100KB (binary units: 1GB = 1024 MiB). */
public final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace("IB", "B");
        try {
            String number = v.replaceAll("[KMGT]?B?$", "");
            long amount = Long.parseLong(number);
            String unit = v.substring(number.length()).replace("B", "");
            int shift = switch (unit) {
                case "" -> 0;
                case "K" -> 10;
                case "M" -> 20;
                case "G" -> 30;
                case "T" -> 40;
                default -> throw new NumberFormatException(unit);
            };
            if (amount >= 0 && amount <= Long.MAX_VALUE >> shift) {
                return amount << shift;
            }
        } catch (RuntimeException e) {
            // fall through to the one clear message below
        }
        throw new TypeConversionException("'" + value + "' is not a size; use e.g. 0, 500MB, 1GB");
    }

    /** {@code bytes} for people: 1.5 GiB, 300 MiB, 12 KiB, 7 B. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0
                ? bytes + " B"
                : String.format(Locale.ROOT, value >= 10 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    }
}
