package dev.roocode.processor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of DESIGN.md and STYLE.md that concern the processor, checked on every build. */
class DependencyRulesTest {
    private static final JavaClasses PROCESSOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.roocode.processor");

    @Test
    void routingShouldBePlainJavaWithoutKafkaTypes() {
        noClasses()
                .that()
                .resideInAPackage("dev.roocode.processor.router..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka..")
                .because(
                        "strategies, cost maths and candidate filters are called by a quote command and benchmarks, outside any topology")
                .check(PROCESSOR);
    }

    @Test
    void shouldHaveNoPackageCycles() {
        slices().matching("dev.roocode.processor.(*)..")
                .should()
                .beFreeOfCycles()
                .because(
                        "topology only assembles the nodes: the processors compose requests and deferral, which know nothing of them")
                .check(PROCESSOR);
    }

    @Test
    void processorShouldNeverImportConnectors() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.roocode.connectors..")
                .because("processor and connectors meet only on topics")
                .check(PROCESSOR);
    }
}
