package dev.roocode.cli.testing;

import dev.roocode.cli.RoocodeCommand;
import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.Prompter;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code roocode} commands through picocli into captured writers, with its own environment
 * (config folder, cluster, master key), standard input and scripted prompt answers. Every run's
 * output is also kept, so a canary test can scan all of it.
 */
public final class Cli {
    /** A master key for tests, id {@code k1}. */
    public static final String MASTER_KEY = "k1:"
            + Base64.getEncoder()
                    .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private final Map<String, String> env = new HashMap<>();
    private final StringBuilder transcript = new StringBuilder();
    private String stdin = "";
    private Deque<String> answers;

    public Cli(Path configDir) {
        env.put(CliContext.CONFIG_DIR_ENV, configDir.toString());
        env.put("ROOCODE_MASTER_KEY", MASTER_KEY);
    }

    /** Points every command at a cluster through ROOCODE_* variables. */
    public Cli cluster(String bootstrapServers, String registryUrl) {
        env.put("ROOCODE_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("ROOCODE_SCHEMA_REGISTRY_URL", registryUrl);
        return this;
    }

    public Map<String, String> env() {
        return env;
    }

    /** Standard input of the next run only. */
    public Cli stdin(String text) {
        this.stdin = text;
        return this;
    }

    /** Answers for the prompts of the next run only (null entries answer with the default); makes it interactive. */
    public Cli answers(List<String> lines) {
        this.answers = new ArrayDeque<>(lines);
        return this;
    }

    public Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Prompter prompter = answers == null ? Prompter.NONE : scripted(answers);
        CliContext context = new CliContext(
                Map.copyOf(env), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), prompter);
        CommandLine commandLine = RoocodeCommand.commandLine(context);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        stdin = "";
        answers = null;
        Run run = new Run(String.join(" ", args), exit, out.toString(), err.toString());
        transcript
                .append("$ roocode ")
                .append(run.command())
                .append('\n')
                .append(run.out())
                .append(run.err());
        return run;
    }

    /** Everything every run printed. */
    public String transcript() {
        return transcript.toString();
    }

    private static Prompter scripted(Deque<String> answers) {
        return new Prompter() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String ask(String question, String defaultValue) {
                String answer = answers.isEmpty() ? null : answers.poll();
                return answer == null || answer.isEmpty() ? defaultValue : answer;
            }

            @Override
            public char[] askSecret(String question) {
                String answer = answers.isEmpty() ? null : answers.poll();
                return answer == null ? null : answer.toCharArray();
            }
        };
    }

    /** One run: the command, its exit code and both streams; {@link #toString()} shows all for assertion messages. */
    public record Run(String command, int exit, String out, String err) {
        @Override
        public String toString() {
            return "roocode " + command + "\nexit " + exit + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }
}
