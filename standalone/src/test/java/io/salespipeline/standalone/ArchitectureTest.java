package io.salespipeline.standalone;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module lines: the sides never depend on each other, the published language on nothing. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.salespipeline");

    @Test
    void theCommandSide_doesNotDependOnTheQuerySide() {
        noClasses().that().resideInAPackage("io.salespipeline.command..")
                .should().dependOnClassesThat().resideInAPackage("io.salespipeline.query..")
                .check(CLASSES);
    }

    @Test
    void theQuerySide_doesNotDependOnTheCommandSide() {
        noClasses().that().resideInAPackage("io.salespipeline.query..")
                .should().dependOnClassesThat().resideInAPackage("io.salespipeline.command..")
                .check(CLASSES);
    }

    @Test
    void thePlatform_dependsOnNeitherSide() {
        noClasses().that().resideInAPackage("io.salespipeline.platform..")
                .should().dependOnClassesThat().resideInAnyPackage("io.salespipeline.command..", "io.salespipeline.query..")
                .check(CLASSES);
    }

    @Test
    void thePublishedLanguage_isPlainJava() {
        classes().that().resideInAPackage("io.salespipeline.events..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.salespipeline.events..", "java..")
                .check(CLASSES);
    }
}
