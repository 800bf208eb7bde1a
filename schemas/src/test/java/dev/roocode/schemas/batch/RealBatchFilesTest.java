package dev.roocode.schemas.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.Embedding;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.Usage;
import dev.roocode.schemas.testing.SharedFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decodes and parses the real OpenAI batch files other projects published (shared/batch-files). */
class RealBatchFilesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T16:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<DecodedLine> read(String name) throws IOException {
        return BatchFileReader.read(SharedFiles.batchFile(name), "b", NOW);
    }

    private static List<Job> jobs(List<DecodedLine> lines) {
        assertThat(lines).allSatisfy(l -> assertThat(l).as("%s", l).isInstanceOf(DecodedLine.Valid.class));
        return lines.stream().map(l -> ((DecodedLine.Valid) l).job()).toList();
    }

    @Test
    void shouldDecodeAllEightLangbatchChatLinesWithTheirFields() throws Exception {
        List<Job> jobs = jobs(read("langbatch--chat_completion_batch.jsonl"));
        assertThat(jobs)
                .extracting(Job::getRequestId)
                .containsExactly(
                        "b/req-1", "b/req-2", "b/req-3", "b/req-4", "b/req-5", "b/req-6", "b/req-7", "b/req-8");
        assertThat(jobs).allSatisfy(j -> {
            assertThat(j.getKind()).isEqualTo(JobKind.CHAT);
            assertThat(j.getModel()).isEqualTo("gpt-4o-mini");
            assertThat(j.getExtraBodyJson()).isNull();
        });
        assertThat(jobs.get(0).getChat().getMessages())
                .extracting(ChatMessage::getRole)
                .containsExactly("system", "user");
        assertThat(jobs.get(0).getChat().getMessages().get(1).getContent()).isEqualTo("Hello, how are you?");
        assertThat(jobs.get(2).getChat().getResponseFormatJson()).isEqualTo("{\"type\":\"json_object\"}");

        ChatRequest req4 = jobs.get(3).getChat();
        assertThat(req4.getTemperature()).isEqualTo(0.7);
        assertThat(req4.getMaxTokens()).isEqualTo(500);
        assertThat(JSON.readTree(req4.getToolsJson())
                        .get(0)
                        .at("/function/name")
                        .asText())
                .isEqualTo("get_weather");

        List<ChatMessage> req6 = jobs.get(5).getChat().getMessages();
        assertThat(req6).extracting(ChatMessage::getRole).containsExactly("system", "user", "assistant", "tool");
        assertThat(req6.get(2).getContent()).isNull();
        assertThat(JSON.readTree(req6.get(2).getToolCallsJson())
                        .get(0)
                        .get("id")
                        .asText())
                .isEqualTo("call_XMDlh6SGHioYCuZJSlBRad4B");
        assertThat(req6.get(3).getToolCallId()).isEqualTo("call_XMDlh6SGHioYCuZJSlBRad4B");
        assertThat(req6.get(3).getContent()).isEqualTo("{\"weather\":\"sunny\", \"temperature\": 25}");

        List<ChatMessage> req8 = jobs.get(7).getChat().getMessages();
        assertThat(JSON.readTree(req8.get(2).getToolCallsJson())).hasSize(2);
        assertThat(req8)
                .extracting(ChatMessage::getToolCallId)
                .containsExactly(null, null, null, "call_ILCMB4mtucruCthuZTF6b5wK", "call_gJT3UUCY0ppISdcPhNFzvNd7");
    }

    @Test
    void shouldDecodeTheThreeEmbeddingLines() throws Exception {
        List<Job> jobs = jobs(read("langbatch--embedding_batch.jsonl"));
        assertThat(jobs).hasSize(3).allSatisfy(j -> {
            assertThat(j.getKind()).isEqualTo(JobKind.EMBEDDING);
            assertThat(j.getModel()).isEqualTo("text-embedding-3-small");
        });
        assertThat(jobs.get(0).getMetadata()).containsEntry("custom_id", "6d292082-5c65-4b70-9900-a1418e49d5e7");
        assertThat(jobs.get(0).getEmbedding().getInput()).containsExactly("I did not have a good day yesterday");
    }

    @Test
    void shouldReportTheTwoInvalidLangbatchLinesClearly() throws Exception {
        List<DecodedLine> lines = read("langbatch--chat_completion_batch_invalid.jsonl");
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).isInstanceOf(DecodedLine.Invalid.class));
        DecodedLine.Invalid noMessages = (DecodedLine.Invalid) lines.get(0);
        assertThat(noMessages.code()).isEqualTo("missing_messages");
        assertThat(noMessages.customId()).isEqualTo("018a6a5e-be6c-40b5-9c66-36fd7ed2dca6");
        assertThat(noMessages.lineNumber()).isEqualTo(1);
        DecodedLine.Invalid robot = (DecodedLine.Invalid) lines.get(1);
        assertThat(robot.code()).isEqualTo("invalid_role");
        assertThat(robot.message()).contains("'robot'");
        assertThat(robot.lineNumber()).isEqualTo(2);
    }

    @Test
    void shouldDecodeRawUtf8ChineseLines() throws Exception {
        List<Job> jobs = jobs(read("zgimszhd61--batchinput.jsonl"));
        assertThat(jobs).hasSize(4).allSatisfy(j -> assertThat(j.getModel()).isEqualTo("gpt-4o"));
        assertThat(jobs.get(0).getChat().getMessages().get(0).getContent()).startsWith("下面内容是粗译的结果");
    }

    @Test
    void shouldParseEveryLineOfTheRealOutputFiles() throws Exception {
        List<BatchOutputLine> zg = BatchOutputReader.read(SharedFiles.batchFile("outputs/zgimszhd61--output.jsonl"));
        assertThat(zg).hasSize(45).allSatisfy(l -> {
            assertThat(l.succeeded()).isTrue();
            assertThat(l.id()).startsWith("batch_req_");
            assertThat(l.response().body().get("object").asText()).isEqualTo("chat.completion");
        });

        // integer error.code and no final newline
        List<BatchOutputLine> chat =
                BatchOutputReader.read(SharedFiles.batchFile("outputs/langbatch--chat_completion_batch_results.jsonl"));
        assertThat(chat).extracting(BatchOutputLine::customId).containsExactly("req-1", "req-2", "req-3", "req-4");
        assertThat(chat.get(0).response().body().at("/usage/total_tokens").asInt())
                .isEqualTo(56);
        assertThat(chat.get(3).succeeded()).isFalse();
        assertThat(chat.get(3).response()).isNull();
        assertThat(chat.get(3).error().code()).isEqualTo("500");
        assertThat(chat.get(3).error().message()).isEqualTo("json_format with no json in system prompt");

        List<BatchOutputLine> emb =
                BatchOutputReader.read(SharedFiles.batchFile("outputs/langbatch--embedding_batch_results.jsonl"));
        assertThat(emb)
                .hasSize(3)
                .allSatisfy(l ->
                        assertThat(l.response().body().at("/data/0/embedding")).hasSize(1536));
    }

    @Test
    void shouldAnswerEveryInputLineOfARealFileWithOneOutputLineInOrder() throws Exception {
        List<DecodedLine> lines = new ArrayList<>(read("langbatch--chat_completion_batch.jsonl"));
        lines.addAll(read("langbatch--chat_completion_batch_invalid.jsonl"));
        StringBuilder file = new StringBuilder();
        for (DecodedLine line : lines) {
            file.append(
                            line instanceof DecodedLine.Invalid invalid
                                    ? BatchOutputWriter.errorLine(invalid)
                                    : BatchOutputWriter.toOutputLine(answer(((DecodedLine.Valid) line).job())))
                    .append('\n');
        }

        List<BatchOutputLine> output = BatchOutputReader.read(new StringReader(file.toString()));

        assertThat(output)
                .extracting(BatchOutputLine::customId)
                .containsExactlyElementsOf(
                        lines.stream().map(DecodedLine::customId).toList());
        assertThat(output)
                .extracting(BatchOutputLine::succeeded)
                .containsExactly(true, true, true, true, true, true, true, true, false, false);
        assertThat(output.get(9).error().code()).isEqualTo("invalid_role");
    }

    @Test
    void shouldWriteTheSameStructureAsRealOpenAiOutputLines() throws Exception {
        String realChat = Files.readAllLines(
                        SharedFiles.batchFile("outputs/langbatch--chat_completion_batch_results.jsonl"))
                .get(0);
        String realEmbedding = Files.readAllLines(
                        SharedFiles.batchFile("outputs/langbatch--embedding_batch_results.jsonl"))
                .get(0);
        Job chatJob = jobs(read("langbatch--chat_completion_batch.jsonl")).get(0);
        Job embeddingJob = jobs(read("langbatch--embedding_batch.jsonl")).get(0);
        Result embedded = Result.newBuilder(answer(chatJob))
                .setKind(JobKind.EMBEDDING)
                .setMetadata(embeddingJob.getMetadata())
                .setOutput(ProviderOutput.newBuilder()
                        .setEmbeddings(List.of(new Embedding(0, List.of(0.1f, -0.2f))))
                        .setUsage(new Usage(5L, 0L, 5L))
                        .build())
                .build();

        // OpenAI's key paths, in OpenAI's order, then only Roocode's top-level extension object
        List<String> extension =
                List.of("/roocode", "/roocode/served_by", "/roocode/model", "/roocode/attempts", "/roocode/fell_back");
        assertThat(keyPaths(JSON.readTree(BatchOutputWriter.toOutputLine(answer(chatJob)))))
                .containsExactlyElementsOf(concat(keyPaths(JSON.readTree(realChat)), extension));
        assertThat(keyPaths(JSON.readTree(BatchOutputWriter.toOutputLine(embedded))))
                .containsExactlyElementsOf(concat(keyPaths(JSON.readTree(realEmbedding)), extension));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** Every object key path, arrays reduced to their first element, in document order. */
    private static List<String> keyPaths(JsonNode node) {
        List<String> paths = new ArrayList<>();
        collectKeyPaths(node, "", paths);
        return paths;
    }

    private static void collectKeyPaths(JsonNode node, String prefix, List<String> paths) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                paths.add(prefix + "/" + field.getKey());
                collectKeyPaths(field.getValue(), prefix + "/" + field.getKey(), paths);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            collectKeyPaths(node.get(0), prefix + "/0", paths);
        }
    }

    /** What a provider worker and the finalizer would make of a job: an echo of its last message. */
    private static Result answer(Job job) {
        List<ChatMessage> messages = job.getChat().getMessages();
        ChatMessage reply = ChatMessage.newBuilder()
                .setRole("assistant")
                .setContent("echo: " + messages.get(messages.size() - 1).getContent())
                .build();
        return Result.newBuilder()
                .setRequestId(job.getRequestId())
                .setBatchId(job.getBatchId())
                .setStatus(ResultStatus.SUCCEEDED)
                .setKind(job.getKind())
                .setModel(job.getModel())
                .setOutput(ProviderOutput.newBuilder()
                        .setChoices(List.of(Choice.newBuilder()
                                .setIndex(0)
                                .setMessage(reply)
                                .setFinishReason("stop")
                                .build()))
                        .setUsage(new Usage(10L, 2L, 12L))
                        .build())
                .setMetadata(job.getMetadata())
                .setSubmittedAt(job.getSubmittedAt())
                .setCompletedAt(NOW)
                .setLatencyMs(0)
                .build();
    }
}
