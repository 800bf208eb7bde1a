package dev.roocode.schemas.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchFileReaderTest {
    private static final Instant NOW = Instant.parse("2026-11-25T16:00:00Z");

    private static String line(String customId) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/embeddings\","
                + "\"body\":{\"model\":\"m\",\"input\":\"text " + customId + "\"}}";
    }

    private static List<DecodedLine> read(String content) throws IOException {
        return BatchFileReader.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "b", NOW);
    }

    @Test
    void shouldSkipBlankLinesAcceptCrLfAndALastLineWithoutNewline() throws Exception {
        List<DecodedLine> lines = read(line("a") + "\r\n\r\n  \n" + line("b") + "\r\n" + line("c"));
        assertThat(lines).extracting(DecodedLine::customId).containsExactly("a", "b", "c");
        assertThat(lines).extracting(DecodedLine::lineNumber).containsExactly(1L, 4L, 5L);
        assertThat(lines).allSatisfy(l -> assertThat(l).isInstanceOf(DecodedLine.Valid.class));
    }

    @Test
    void shouldSkipAUtf8ByteOrderMark() throws Exception {
        assertThat(read("\uFEFF" + line("a") + "\n").get(0)).isInstanceOf(DecodedLine.Valid.class);
    }

    @Test
    void shouldMarkLaterDuplicatesOfACustomIdNamingTheFirstLine() throws Exception {
        List<DecodedLine> lines = read(line("a") + "\n" + line("b") + "\n" + line("a") + "\n" + line("a") + "\n");
        assertThat(lines.get(0)).isInstanceOf(DecodedLine.Valid.class);
        assertThat(lines.get(1)).isInstanceOf(DecodedLine.Valid.class);
        assertThat(lines.subList(2, 4)).allSatisfy(l -> {
            assertThat(l).isInstanceOf(DecodedLine.Invalid.class);
            DecodedLine.Invalid dup = (DecodedLine.Invalid) l;
            assertThat(dup.code()).isEqualTo("duplicate_custom_id");
            assertThat(dup.customId()).isEqualTo("a");
            assertThat(dup.message()).isEqualTo("custom_id 'a' is already used on line 1");
        });
    }

    @Test
    void shouldKeepGoingAfterAnInvalidLine() throws Exception {
        List<DecodedLine> lines = read("not json\n" + line("a") + "\n");
        assertThat(lines.get(0)).isInstanceOfSatisfying(DecodedLine.Invalid.class, i -> {
            assertThat(i.code()).isEqualTo("invalid_json");
            assertThat(i.lineNumber()).isEqualTo(1);
        });
        assertThat(lines.get(1)).isInstanceOf(DecodedLine.Valid.class);
    }

    @Test
    void shouldMarkALineWithBytesThatAreNotUtf8InvalidAndKeepGoing() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((line("a") + "\n{\"custom_id\":\"").getBytes(StandardCharsets.UTF_8));
        bytes.write(0xC3); // a UTF-8 lead byte followed by one that cannot continue it
        bytes.write(0x28);
        bytes.writeBytes(("\"}\r\n" + line("c")).getBytes(StandardCharsets.UTF_8));
        List<DecodedLine> lines = BatchFileReader.read(new ByteArrayInputStream(bytes.toByteArray()), "b", NOW);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).isInstanceOfSatisfying(DecodedLine.Invalid.class, i -> {
            assertThat(i.lineNumber()).isEqualTo(2);
            assertThat(i.message()).isEqualTo("line is not valid UTF-8");
        });
        assertThat(lines.get(2).customId()).isEqualTo("c");
    }

    @Test
    void shouldStreamALargeFileInLineOrder(@TempDir Path dir) throws Exception {
        int n = 20_000;
        Path file = dir.resolve("big.jsonl");
        try (Writer w = Files.newBufferedWriter(file)) {
            for (int i = 1; i <= n; i++) {
                w.write(line("id-" + i));
                w.write('\n');
            }
        }
        AtomicLong expected = new AtomicLong(1);
        AtomicLong valid = new AtomicLong();
        long count = BatchFileReader.forEach(Files.newBufferedReader(file), "b", NOW, l -> {
            assertThat(l.lineNumber()).isEqualTo(expected.getAndIncrement());
            if (l instanceof DecodedLine.Valid) {
                valid.incrementAndGet();
            }
        });
        assertThat(count).isEqualTo(n);
        assertThat(valid.get()).isEqualTo(n);
        assertThat(BatchFileReader.read(file, "b", NOW)).hasSize(n);
    }

    @Test
    void shouldReadALineLongerThanTheReadBuffer() throws Exception {
        String longText = "x".repeat(300_000);
        List<DecodedLine> lines = read(line("a").replace("text a", longText) + "\n" + line("b"));
        assertThat(lines).extracting(DecodedLine::customId).containsExactly("a", "b");
        assertThat(((DecodedLine.Valid) lines.get(0))
                        .job()
                        .getEmbedding()
                        .getInput()
                        .get(0))
                .hasSize(300_000);
    }

    @Test
    void shouldReadFromAReader() throws Exception {
        AtomicLong seen = new AtomicLong();
        BatchFileReader.forEach(new StringReader(line("x")), "b", NOW, l -> seen.incrementAndGet());
        assertThat(seen.get()).isEqualTo(1);
    }

    @Test
    void shouldMakeALineOverTheLimitAnErrorLineNamingItsCustomIdWithoutHoldingIt() throws Exception {
        String big = line("big").replace("text big", "x".repeat(5_000));
        String content = line("a") + "\n" + big + "\r\n" + line("c") + "\n";
        List<DecodedLine> lines = new ArrayList<>();
        BatchFileReader.forEach(
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "b", NOW, 4_000, lines::add);

        assertThat(lines).extracting(DecodedLine::customId).containsExactly("a", "big", "c");
        assertThat(lines.get(0)).isInstanceOf(DecodedLine.Valid.class);
        assertThat(lines.get(1)).isInstanceOfSatisfying(DecodedLine.Invalid.class, i -> {
            assertThat(i.code()).isEqualTo("line_too_long");
            assertThat(i.lineNumber()).isEqualTo(2);
            assertThat(i.message())
                    .isEqualTo("line is " + (big.length() + 1) + " bytes, longer than the limit of 4000"
                            + " (a line is sent as one Kafka record)");
        });
        assertThat(lines.get(2)).isInstanceOf(DecodedLine.Valid.class);
    }

    @Test
    void shouldAcceptALineOfExactlyTheLimitWithOrWithoutCrLf() throws Exception {
        String exact = line("a");
        for (String end : new String[] {"\n", "\r\n", ""}) {
            List<DecodedLine> lines = new ArrayList<>();
            BatchFileReader.forEach(
                    new ByteArrayInputStream((exact + end).getBytes(StandardCharsets.UTF_8)),
                    "b",
                    NOW,
                    exact.length(),
                    lines::add);
            assertThat(lines).singleElement().isInstanceOf(DecodedLine.Valid.class);
            lines.clear();
            BatchFileReader.forEach(
                    new ByteArrayInputStream((exact + end).getBytes(StandardCharsets.UTF_8)),
                    "b",
                    NOW,
                    exact.length() - 1,
                    lines::add);
            assertThat(lines)
                    .singleElement()
                    .isInstanceOfSatisfying(
                            DecodedLine.Invalid.class, i -> assertThat(i.code()).isEqualTo("line_too_long"));
        }
    }

    @Test
    void shouldRefuseByDefaultALineThatWouldNotFitInAKafkaRecord() throws Exception {
        String big = line("big").replace("text big", "x".repeat(1_048_576));
        List<DecodedLine> lines = read(line("a") + "\n" + big + "\n" + line("c"));
        assertThat(lines.get(1)).isInstanceOfSatisfying(DecodedLine.Invalid.class, i -> {
            assertThat(i.code()).isEqualTo("line_too_long");
            assertThat(i.customId()).isEqualTo("big");
            assertThat(i.message()).contains("longer than the limit of 1000000");
        });
        assertThat(lines.get(2)).isInstanceOf(DecodedLine.Valid.class);
    }

    @Test
    void shouldMakeACustomIdTheProcessorWouldRefuseAnErrorLineBeforeAnythingIsSent() throws Exception {
        List<DecodedLine> lines = read(line("tab\\there") + "\n" + line("rocket-\uD83D\uDE80") + "\n"
                + line("x".repeat(600)) + "\n" + line("ok"));
        assertThat(lines.get(0)).isInstanceOfSatisfying(DecodedLine.Invalid.class, i -> {
            assertThat(i.code()).isEqualTo("invalid_custom_id");
            assertThat(i.lineNumber()).isEqualTo(1);
            assertThat(i.message()).isEqualTo("custom_id has a control character (a tab) at position 4");
        });
        assertThat(lines.get(1)).as("an emoji is a fine id").isInstanceOf(DecodedLine.Valid.class);
        assertThat(lines.get(1).customId()).isEqualTo("rocket-\uD83D\uDE80");
        assertThat(lines.get(2)).isInstanceOfSatisfying(DecodedLine.Invalid.class, i -> {
            assertThat(i.code()).isEqualTo("invalid_custom_id");
            assertThat(i.message())
                    .isEqualTo("custom_id is 600 bytes in UTF-8; with batch id b at most 510 fit in a requestId");
        });
        assertThat(lines.get(3)).isInstanceOf(DecodedLine.Valid.class);
    }

    @Test
    void shouldFindTheCustomIdAtTheStartOfATruncatedLine() {
        assertThat(BatchFileReader.customIdOf("{\"method\":\"POST\",\"custom_id\":\"r-1\",\"body\":{\"x\":\"aaaa"
                        .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("r-1");
        assertThat(BatchFileReader.customIdOf("{\"body\":{\"x\":\"aaaa".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(BatchFileReader.customIdOf(
                        "{\"body\":{\"custom_id\":\"inner\"},\"custom_id\":\"outer\"".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("outer");
        assertThat(BatchFileReader.customIdOf("\u0000\u0001 binary".getBytes(StandardCharsets.UTF_8)))
                .isNull();
    }
}
