package dev.observability.test;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class KitDependencyTests {

	@Test
	void kitReadsSpanRolesFromTheCatalogueAndImportsNoIntegration() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.observability.starter.http..", "dev.observability.starter.jdbc..",
					"dev.observability.starter.service..")
			.because("the kit learns which span is a SQL statement or a request from the span catalogue, "
					+ "so a new integration never edits the kit")
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages("dev.observability.test"));
	}

}
