package dev.roocode.bench.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a process's CPU time and peak resident set from Linux's {@code /proc/<pid>/stat} and {@code status}. CPU
 * counts the process's own user + system time and that of its children it has waited for ({@code cutime},
 * {@code cstime}), so a tree's total stays right when a child exits and is reaped by its parent.
 */
final class ProcFs {
    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times: USER_HZ, 100 on every Linux platform. */
    static final long TICKS_PER_SECOND = 100;

    private static final Pattern VM_HWM = Pattern.compile("(?m)^VmHWM:\\s+(\\d+)\\s+kB");

    private final Path root;

    ProcFs(Path root) {
        this.root = root;
    }

    static ProcFs system() {
        return new ProcFs(Path.of("/proc"));
    }

    /** One reading of a process. */
    record Reading(long cpuTicks, long peakRssKb) {}

    /** The process's reading, or empty when it is gone (or this is not Linux). */
    Optional<Reading> read(long pid) {
        try {
            String stat = Files.readString(root.resolve(pid + "/stat"), StandardCharsets.UTF_8);
            long hwm;
            try {
                hwm = peakRssKb(Files.readString(root.resolve(pid + "/status"), StandardCharsets.UTF_8));
            } catch (IOException e) {
                hwm = 0;
            }
            return Optional.of(new Reading(cpuTicks(stat), hwm));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * utime + stime + cutime + cstime of a {@code /proc/<pid>/stat} line, in clock ticks. The command name (field 2)
     * is in parentheses and may itself hold spaces and parentheses, so fields are counted from the last ')'.
     */
    static long cpuTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + abbreviate(statLine));
        }
        String[] fields = statLine.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state); utime, stime, cutime, cstime are fields 14..17
        if (fields.length < 15) {
            throw new IllegalArgumentException("/proc/<pid>/stat line too short: " + abbreviate(statLine));
        }
        long ticks = 0;
        for (int i = 11; i <= 14; i++) {
            ticks += Long.parseLong(fields[i]);
        }
        return ticks;
    }

    /** VmHWM (peak resident set) of a {@code /proc/<pid>/status} text in kB; 0 when absent (a zombie, a kernel thread). */
    static long peakRssKb(String status) {
        Matcher m = VM_HWM.matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
