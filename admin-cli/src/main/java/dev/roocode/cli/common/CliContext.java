package dev.roocode.cli.common;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command may read from outside picocli: environment variables, standard input and the
 * terminal. Tests pass their own, so no command reads {@code System.getenv()} or {@code System.in}.
 *
 * @param env      environment variables (ROOCODE_*, ROOCODE_MASTER_KEY, the provider key variables)
 * @param stdin    standard input, for {@code --api-key-stdin} and piped files
 * @param prompter questions on a terminal; {@link Prompter#NONE} when not interactive
 */
public record CliContext(Map<String, String> env, InputStream stdin, Prompter prompter) {
    /** Name of the variable that moves the config folder (default {@code ~/.config/roocode}). */
    public static final String CONFIG_DIR_ENV = "ROOCODE_CONFIG_DIR";

    /** Name of the variable that moves Roocode's home folder (default {@code ~/.roocode}): data folders and the log. */
    public static final String HOME_ENV = "ROOCODE_HOME";

    /** Implemented by the top command, which carries the context of its command line. */
    public interface Holder {
        CliContext context();
    }

    /** The context of the command line {@code spec} belongs to (the system's when there is none). */
    public static CliContext of(CommandSpec spec) {
        Object root = spec.root().userObject();
        return root instanceof Holder holder ? holder.context() : system();
    }

    /** Whether {@code --verbose} was given anywhere on the command line of {@code spec}. */
    public static boolean verbose(CommandSpec spec) {
        CommandSpec root = spec.root();
        return root.commandLine() != null
                && root.commandLine().getParseResult() != null
                && root.commandLine().getParseResult().originalArgs().contains("--verbose");
    }

    /** The master keys from this context's environment (ROOCODE_MASTER_KEY or ROOCODE_MASTER_KEY_FILE). */
    public dev.roocode.core.secret.MasterKeys masterKeys() {
        return dev.roocode.core.secret.MasterKeys.fromEnvironment(env);
    }

    /** The real process environment, standard input and console. */
    public static CliContext system() {
        return new CliContext(System.getenv(), System.in, Prompter.console());
    }

    /** The user's config folder: $ROOCODE_CONFIG_DIR, else $XDG_CONFIG_HOME/roocode, else ~/.config/roocode. */
    public Path configDir() {
        String explicit = env.get(CONFIG_DIR_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "roocode");
        }
        return Path.of(System.getProperty("user.home"), ".config", "roocode");
    }

    /** Roocode's home folder: $ROOCODE_HOME, else ~/.roocode (the launcher passes $HOME as user.home). */
    public Path home() {
        return home(env);
    }

    /** Roocode's home folder in {@code env}: $ROOCODE_HOME, else ~/.roocode. */
    public static Path home(Map<String, String> env) {
        String explicit = env.get(HOME_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        return Path.of(System.getProperty("user.home"), ".roocode");
    }
}
