package dev.roocode.connectors.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The "OpenAI fields" table of each docs/providers/&lt;type&gt;.md is generated from the type's
 * {@link OpenAiParamPolicy}; this test fails when a page is stale (and rewrites the table between its
 * markers with {@code -Droocode.docs.update=true}).
 */
class OpenAiParamDocsTest {
    static final String BEGIN =
            "<!-- openai-fields: generated from the type's OpenAiParamPolicy by OpenAiParamDocsTest; do not edit -->\n";
    static final String END = "<!-- end of openai-fields -->\n";

    @TestFactory
    Stream<DynamicTest> shouldDocumentEachTypesOpenAiFieldPolicy() {
        return ProviderAdapters.ALL.stream()
                .map(adapter -> dynamicTest(adapter.type(), () -> {
                    Path page = docs().resolve(adapter.type() + ".md");
                    String text = Files.readString(page, StandardCharsets.UTF_8);
                    int begin = text.indexOf(BEGIN);
                    int end = text.indexOf(END);
                    assertThat(begin)
                            .as("%s has the markers of the generated OpenAI-fields table", page)
                            .isNotNegative();
                    assertThat(end).isGreaterThan(begin);
                    String table = adapter.openAiParams().markdownTable();
                    String current = text.substring(begin + BEGIN.length(), end);
                    if (Boolean.getBoolean("roocode.docs.update")) {
                        Files.writeString(
                                page,
                                text.substring(0, begin + BEGIN.length()) + table + text.substring(end),
                                StandardCharsets.UTF_8);
                        return;
                    }
                    assertThat(current)
                            .as(
                                    "%s is stale: run mvn -B -pl connectors -am test -Dtest=OpenAiParamDocsTest "
                                            + "-Dsurefire.failIfNoSpecifiedTests=false -Droocode.docs.update=true",
                                    page)
                            .isEqualTo(table);
                }));
    }

    private static Path docs() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs/providers")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p.resolve("docs/providers");
            }
        }
        throw new IOException("no docs/providers above " + Path.of("").toAbsolutePath());
    }
}
