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
        assertThat(((DecodedLine.Valid) lines.get(0)).job().getEmbedding().getInput().get(0)).hasSize(300_000);
    }

    @Test
    void shouldReadFromAReader() throws Exception {
        AtomicLong seen = new AtomicLong();
        BatchFileReader.forEach(new StringReader(line("x")), "b", NOW, l -> seen.incrementAndGet());
        assertThat(seen.get()).isEqualTo(1);
    }
}
