package dev.roocode.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerOutputsTest {
    private static String ok(String id, String content) {
        return "{\"id\":\"r-" + id + "\",\"custom_id\":\"" + id + "\",\"response\":{\"status_code\":200,\"body\":"
                + "{\"id\":\"x" + Math.random() + "\",\"choices\":[{\"message\":{\"content\":\"" + content
                + "\"}}]}},\"error\":null}";
    }

    private static String failed(String id, int status) {
        return "{\"custom_id\":\"" + id + "\",\"response\":{\"status_code\":" + status
                + ",\"body\":{\"error\":{}}},\"error\":null}";
    }

    @Test
    void shouldFindExactlyOneLinePerCustomId() {
        PeerOutputs.Coverage c = PeerOutputs.coverage(Set.of("a", "b"), List.of(ok("b", "x"), failed("a", 500), ""));

        assertThat(c).isEqualTo(new PeerOutputs.Coverage(2, 0, 0, 0, 1));
        assertThat(c.exactlyOne()).isTrue();
    }

    @Test
    void shouldCountMissingDuplicatedAndUnknownLines() {
        PeerOutputs.Coverage c = PeerOutputs.coverage(
                Set.of("a", "b", "c"), List.of(ok("a", "x"), ok("a", "x"), ok("z", "x"), "not json"));

        assertThat(c).isEqualTo(new PeerOutputs.Coverage(4, 2, 1, 2, 2));
        assertThat(c.exactlyOne()).isFalse();
    }

    @Test
    void shouldReadTheInputsCustomIds() {
        assertThat(PeerOutputs.customIds(List.of("{\"custom_id\":\"chat-1\"}", "", "{\"custom_id\":\"chat-2\"}", "{")))
                .containsExactly("chat-1", "chat-2");
    }

    @Test
    void shouldAgreeBarPerCallFieldsAndNameWhatDiffers() {
        assertThat(PeerOutputs.differences(
                        List.of(ok("a", "hi"), failed("b", 400)), List.of(failed("b", 400), ok("a", "hi")), "L", "R"))
                .isEmpty();

        assertThat(PeerOutputs.differences(
                        List.of(ok("a", "hi"), ok("b", "x"), ok("c", "x")),
                        List.of(ok("a", "ho"), failed("b", 500), ok("d", "x")),
                        "L",
                        "R"))
                .containsExactlyInAnyOrder(
                        "a: 200 hi0 (L) vs 200 ho0 (R)", "b: 200 x0 (L) vs 500 0 (R)", "c: only in L", "d: only in R");
    }
}
