package dev.roocode.connectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rules of STYLE.md, checked on every build. */
@AnalyzeClasses(packages = "dev.roocode.connectors", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule providerAdaptersAreFreeOfKafkaAndIo = noClasses()
            .that()
            .resideInAPackage("dev.roocode.connectors.provider..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.kafka..", "java.net.http..", "dev.roocode.connectors.worker..")
            .because("adapters are pure translations, testable without a broker or network");

    @ArchTest
    static final ArchRule onlyTheTransportTouchesTheHttpClient = noClasses()
            .that()
            .doNotHaveFullyQualifiedName("dev.roocode.connectors.execution.HttpTransport")
            // the batch API factory takes the batcher's client only to hand it to HttpTransport.over
            .and()
            .doNotHaveFullyQualifiedName("dev.roocode.connectors.batch.ProviderBatchApis")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("java.net.http..")
            .because("one class owns the HTTP client, its executor and its timeouts");

    @ArchTest
    static final ArchRule connectorsNeverImportTheProcessor =
            noClasses().should().dependOnClassesThat().resideInAPackage("dev.roocode.processor..");
}
