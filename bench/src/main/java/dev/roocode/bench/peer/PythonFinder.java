package dev.roocode.bench.peer;

import dev.roocode.bench.BenchOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Python interpreter of {@code bench/run peer}: {@code ROOCODE_PYTHON} when set (CI points it at a venv with
 * {@code openai}), else {@code python3} if it can {@code import openai}; otherwise the run stops with one line
 * saying how to get one.
 */
final class PythonFinder {
    static final String ENV = "ROOCODE_PYTHON";

    private PythonFinder() {}

    /** The interpreter to use; {@code importsOpenai} tells whether an interpreter can import the SDK. */
    static String choose(String fromEnv, Predicate<String> importsOpenai) {
        if (fromEnv != null && !fromEnv.isBlank()) {
            if (!importsOpenai.test(fromEnv)) {
                throw new BenchOptions.BadOption(ENV + "=" + fromEnv + " cannot 'import openai'; install it there ("
                        + fromEnv + " -m pip install openai) or point " + ENV + " at a Python that has it");
            }
            return fromEnv;
        }
        if (importsOpenai.test("python3")) {
            return "python3";
        }
        throw new BenchOptions.BadOption("no Python with the openai SDK: set " + ENV + " to one (e.g. python3 -m venv"
                + " /tmp/pyopenai && /tmp/pyopenai/bin/pip install openai, then " + ENV + "=/tmp/pyopenai/bin/python)");
    }

    /** Whether {@code python -c 'import openai'} succeeds within a minute. */
    static boolean importsOpenai(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import openai")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (Exception e) { // not installed, not executable
            return false;
        }
    }
}
