package dev.roocode.cli.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The output format of list and show commands: a table for people, JSON or YAML for scripts. */
public final class OutputOptions {
    /** Output formats. */
    public enum Format {
        text,
        json,
        yaml
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text, json or yaml (default: ${DEFAULT-VALUE}).")
    public Format format;

    public boolean text() {
        return format == Format.text;
    }

    /** Prints {@code node} as JSON or YAML. */
    public void print(PrintWriter out, JsonNode node) {
        try {
            out.print(
                    format == Format.yaml
                            ? YAML.writeValueAsString(node)
                            : JSON.writeValueAsString(node) + System.lineSeparator());
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
