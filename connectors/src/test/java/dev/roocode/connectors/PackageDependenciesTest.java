package dev.roocode.connectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * How the connectors' packages may depend on each other: {@code provider} (pure translations) ←
 * {@code execution} (one job's attempts, no Kafka) ← {@code worker} (the Kafka side), never back.
 */
class PackageDependenciesTest {
    private static final JavaClasses CONNECTORS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.roocode.connectors");

    @Test
    void shouldHaveNoCyclesBetweenTheConnectorsPackages() {
        slices().matching("dev.roocode.connectors.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CONNECTORS);
    }

    @Test
    void shouldKeepKafkaOutOfTheExecutionCore() {
        noClasses()
                .that()
                .resideInAPackage("dev.roocode.connectors.execution..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka..")
                .because(
                        "the execution core runs a job's attempts and is tested without a broker; the worker package is the Kafka side")
                .check(CONNECTORS);
    }
}
