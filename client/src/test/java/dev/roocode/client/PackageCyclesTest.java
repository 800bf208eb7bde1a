package dev.roocode.client;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The packages of client depend one way (STYLE.md: dependency rules are checked by the build). */
class PackageCyclesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.roocode.client");

    @Test
    void shouldHaveNoPackageCycles() {
        slices().matching("dev.roocode.client.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
