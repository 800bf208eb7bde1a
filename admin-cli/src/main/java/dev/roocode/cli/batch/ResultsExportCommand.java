package dev.roocode.cli.batch;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.batch.BatchLineCodec;
import dev.roocode.schemas.batch.BatchOutputWriter;
import dev.roocode.schemas.serde.AvroSerde;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode results export BATCH_ID --out FILE}: a batch's Results as an OpenAI batch output file, in input line order. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write every Result of a batch found on the results topic as OpenAI batch output lines, in the order of the",
            "input file's lines (as 'run' and 'submit --wait' write them); Results without a line number (jobs not submitted",
            "from a batch file) follow, sorted by custom_id. Jobs still running are not in the file; run it again later for the rest.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode results export batch_3f2a... --out results.jsonl",
            "",
            "Exit codes: 0 written, 1 cluster failure, 2 no results for the batch."
        })
public final class ResultsExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BATCH_ID", description = "Batch id printed by submit or run.")
    String batchId;

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "FILE",
            description = "Output file.")
    Path output;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    TenantOption tenant;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection cluster = connection.connect()) {
            String topic = tenant.replyTopic(cluster);
            AvroSerde<Result> serde = cluster.topics().results().valueSerde(cluster.registry());
            Map<String, Result> results = new HashMap<>();
            String prefix = batchId + "/";
            cluster.scan(topic, (key, value) -> {
                if (key != null && key.startsWith(prefix) && value != null) {
                    results.put(key, serde.deserialize(topic, value));
                }
            });
            if (results.isEmpty()) {
                throw CliException.usage("no results of batch '" + batchId + "' on " + topic
                        + "; check the id with 'roocode batches list'");
            }
            long failed = results.values().stream()
                    .filter(r -> r.getStatus() != ResultStatus.SUCCEEDED)
                    .count();
            try (BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                for (Result result : inInputOrder(results.values())) {
                    writer.write(BatchOutputWriter.toOutputLine(result));
                    writer.write('\n');
                }
            }
            out.printf("Wrote %d results of batch %s (%d failed) to %s%n", results.size(), batchId, failed, output);
            out.flush();
            return 0;
        }
    }

    /**
     * Results by the input line number that the batch codec put in their metadata; those without one
     * (or with one that is not a number) after them, by custom_id then requestId.
     */
    static List<Result> inInputOrder(Collection<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingLong(ResultsExportCommand::lineOf)
                .thenComparing(r -> r.getMetadata().getOrDefault(BatchLineCodec.METADATA_CUSTOM_ID, ""))
                .thenComparing(Result::getRequestId));
        return sorted;
    }

    private static long lineOf(Result result) {
        String line = result.getMetadata().get(BatchLineCodec.METADATA_LINE);
        if (line != null) {
            try {
                return Long.parseLong(line);
            } catch (NumberFormatException e) {
                // metadata is the caller's: sort it with the results that have no line
            }
        }
        return Long.MAX_VALUE;
    }
}
