package dev.roocode.cli.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.batch.BatchOutputWriter;
import dev.roocode.schemas.serde.AvroSerde;
import java.io.PrintWriter;
import java.util.List;
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
            "With --trace, print the request's hops read back from the topics instead: the job accepted, each dispatch",
            "to a provider, each attempt with its latency, calls (retries + 1) and error class, dead letters and the",
            "final Result, with the W3C trace id they carry (also before the Result exists).",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode results get batch_3f2a.../line-17",
            "  roocode results get my-request-1 --full",
            "  roocode results get batch_3f2a.../line-17 --trace",
            "  roocode results get my-request-1 --trace --output json",
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

    @Option(
            names = "--trace",
            description = "Print the request's hops (job, dispatches, attempts, dead letters, Result) from the topics.")
    boolean trace;

    @Mixin
    OutputOptions output;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    TenantOption tenant;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection cluster = connection.connect()) {
            if (trace) {
                printTrace(out, RequestTrace.read(cluster, requestId));
                return 0;
            }
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

    private void printTrace(PrintWriter out, List<RequestTrace.Hop> hops) {
        if (hops.isEmpty()) {
            throw CliException.usage("no record of request '" + requestId + "' on the jobs, dispatch, outcomes,"
                    + " fallback, dlq or results topics (wrong id, or past their retention:"
                    + " batch lines are <batch id>/<custom_id>)");
        }
        if (!output.text()) {
            ObjectNode root = OutputOptions.json().createObjectNode();
            root.put("requestId", requestId);
            ArrayNode traces = root.putArray("traceIds");
            RequestTrace.traceIds(hops).forEach(traces::add);
            ArrayNode list = root.putArray("hops");
            for (RequestTrace.Hop hop : hops) {
                ObjectNode node = list.addObject();
                node.put("time", hop.time().toString());
                node.put("topic", hop.topic());
                node.put("hop", hop.event());
                node.put("provider", hop.provider());
                node.put("attempt", hop.attempt());
                node.put("latencyMs", hop.latencyMs());
                node.put("calls", hop.calls());
                node.put("errorClass", hop.errorClass());
                node.put("httpStatus", hop.httpStatus());
                node.put("traceId", hop.traceId());
                node.put("detail", hop.detail());
            }
            output.print(out, root);
            return;
        }
        out.println("request " + requestId + "  trace " + String.join(", ", RequestTrace.traceIds(hops)));
        String format = "%-24s  %-11s  %-12s  %7s  %9s  %5s  %-20s  %s%n";
        out.printf(format, "TIME", "HOP", "PROVIDER", "ATTEMPT", "LATENCY", "CALLS", "ERROR", "DETAIL");
        for (RequestTrace.Hop hop : hops) {
            out.printf(
                    format,
                    hop.time(),
                    hop.event(),
                    orDash(hop.provider()),
                    orDash(hop.attempt()),
                    hop.latencyMs() == null ? "-" : hop.latencyMs() + " ms",
                    orDash(hop.calls()),
                    hop.errorClass() == null
                            ? "-"
                            : hop.errorClass() + (hop.httpStatus() == null ? "" : " (" + hop.httpStatus() + ")"),
                    hop.detail() == null ? hop.topic() : hop.topic() + ": " + hop.detail());
        }
        if (hops.stream().noneMatch(hop -> hop.event().equals("result"))) {
            out.println("no Result yet: the request is still running (or its Result went to a reply topic not read)");
        }
        out.flush();
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
