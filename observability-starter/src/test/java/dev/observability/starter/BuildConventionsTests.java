package dev.observability.starter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conventions that review would otherwise have to police, checked on every build.
 */
class BuildConventionsTests {

	private static final String BASE_PACKAGE = "dev.observability.starter";

	private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	private static JavaClasses mainClasses;

	@BeforeAll
	static void importMainClasses() {
		mainClasses = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(BASE_PACKAGE);
	}

	@Test
	void autoConfigurationsArePublicFinalClasses() {
		classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL)
			.andShould()
			.haveSimpleNameEndingWith("AutoConfiguration")
			.check(mainClasses);
	}

	@Test
	void beanMethodsAreNotPublic() {
		methods().that()
			.areAnnotatedWith(Bean.class)
			.should()
			.notBePublic()
			.because("@Bean methods are package-private in Boot-style auto-configurations")
			.allowEmptyShould(true)
			.check(mainClasses);
	}

	@Test
	void nothingIsComponentScanned() {
		noClasses().should()
			.beAnnotatedWith(Component.class)
			.because("the starter is wired by auto-configuration only")
			.allowEmptyShould(true)
			.check(mainClasses);
	}

	@Test
	void integrationPackagesDependOnCoreOnlyAndCoreOnNoIntegration() {
		slices().matching(BASE_PACKAGE + ".(*)..")
			.namingSlices("$1")
			.should()
			.notDependOnEachOther()
			.ignoreDependency(DescribedPredicate.alwaysTrue(),
					JavaClass.Predicates.resideInAPackage(BASE_PACKAGE + ".core.."))
			.because("a new integration is a sibling package that plugs into core; tracelog/ and the test kit "
					+ "learn about span roles from the core span catalogue, not from imports")
			.check(mainClasses);
	}

	@Test
	void autoConfigurationImportsAreSortedAndComplete() throws IOException {
		List<String> imports = readLines(Path.of("src/main/resources").resolve(IMPORTS));
		assertThat(imports).as("entries of %s", IMPORTS).isSorted().doesNotHaveDuplicates();
		List<String> annotated = mainClasses.stream()
			.filter((javaClass) -> javaClass.isAnnotatedWith(AutoConfiguration.class))
			.map((javaClass) -> javaClass.getName())
			.toList();
		assertThat(imports).as("entries of %s", IMPORTS).containsExactlyInAnyOrderElementsOf(annotated);
	}

	@Test
	void everyConfigurationPropertyHasAUsefulDescription() throws IOException {
		List<Map<String, Object>> properties = mainMetadataProperties();
		assertThat(properties).isNotEmpty();
		List<String> problems = new ArrayList<>();
		for (Map<String, Object> property : properties) {
			String name = (String) property.get("name");
			String description = (String) property.get("description");
			if (!name.startsWith("observability.")) {
				problems.add(name + ": outside the observability. prefix");
			}
			if (description == null || description.isBlank()) {
				problems.add(name + ": no description");
				continue;
			}
			if (description.startsWith("The ") || description.startsWith("A ")) {
				problems.add(name + ": description starts with an article");
			}
			if ("java.lang.Boolean".equals(property.get("type")) && !description.startsWith("Whether")) {
				problems.add(name + ": boolean description does not start with 'Whether'");
			}
		}
		assertThat(problems).as("configuration metadata problems").isEmpty();
	}

	@Test
	void everyConfigurationPropertyIsInTheConfigurationReference() throws IOException {
		String reference = Files.readString(Path.of("../docs/configuration.md"));
		List<String> undocumented = mainMetadataProperties().stream()
			.map((property) -> (String) property.get("name"))
			.filter((name) -> !reference.contains("`" + name + "`"))
			.toList();
		assertThat(undocumented).as("properties missing from docs/configuration.md").isEmpty();
	}

	@Test
	void everyPackageHasAPackageInfo() throws IOException {
		Path root = Path.of("src/main/java");
		try (Stream<Path> files = Files.walk(root)) {
			List<Path> packagesWithoutInfo = files.filter(Files::isDirectory)
				.filter(BuildConventionsTests::hasJavaFiles)
				.filter((dir) -> !Files.exists(dir.resolve("package-info.java")))
				.toList();
			assertThat(packagesWithoutInfo).as("packages without package-info.java").isEmpty();
		}
	}

	private static boolean hasJavaFiles(Path dir) {
		try (Stream<Path> children = Files.list(dir)) {
			return children.anyMatch((child) -> child.toString().endsWith(".java"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> readLines(Path file) throws IOException {
		return Files.readAllLines(file)
			.stream()
			.map(String::trim)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
	}

	/**
	 * Properties of the main build's metadata, which the configuration processor merges
	 * from the fields and the additional metadata file. Read from the build folder: test
	 * sources have metadata of their own, first on the test classpath.
	 */
	private static List<Map<String, Object>> mainMetadataProperties() throws IOException {
		return metadataProperties(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> metadataProperties(Path file) throws IOException {
		Map<String, Object> metadata = JsonParserFactory.getJsonParser().parseMap(Files.readString(file));
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
		return (properties != null) ? new ArrayList<>(properties) : new ArrayList<>();
	}

}
