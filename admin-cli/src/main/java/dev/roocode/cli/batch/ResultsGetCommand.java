package dev.roocode.cli.batch;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.batch.BatchOutputWriter;
import dev.roocode.schemas.serde.AvroSerde;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode results get REQUEST_ID}. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Print the Result of one request as an OpenAI batch output line (or, with --full, the whole Result record",
            "with provider, attempts, usage and cost). A batch line's requestId is <batch id>/<custom_id>.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode results get batch_3f2a.../line-17",
            "  roocode results get my-request-1 --full",
            "",
            "Exit codes: 0 found, 1 cluster failure, 2 no such request."
        })
public final class ResultsGetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REQUEST_ID", description = "The request id.")
    String requestId;

    @Option(names = "--full", description = "Print the whole Result record (JSON).")
    boolean full;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    TenantOption tenant;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection cluster = connection.connect()) {
            String topic = tenant.replyTopic(cluster);
            AvroSerde<Result> serde = cluster.topics().results().valueSerde(cluster.registry());
            Result[] found = new Result[1];
            cluster.scan(topic, (key, value) -> {
                if (requestId.equals(key)) {
                    found[0] = value == null ? null : serde.deserialize(topic, value);
                }
            });
            if (found[0] == null) {
                throw CliException.usage("no result for request '" + requestId + "' on " + topic
                        + " (still running, or the id is wrong:" + " batch lines are <batch id>/<custom_id>)");
            }
            out.println(full ? found[0].toString() : BatchOutputWriter.toOutputLine(found[0]));
            out.flush();
            return 0;
        }
    }
}
