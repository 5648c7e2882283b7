package dev.observability.sample;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java snippets of {@code docs/test-kit.md} name classes that exist on the test
 * classpath this app gets from the dependencies the page lists, so a reader can copy
 * them.
 */
class TestKitDocumentationTests {

	private static final Path PAGE = Path.of("..", "docs", "test-kit.md");

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+);$", Pattern.MULTILINE);

	private static final Pattern ANNOTATION = Pattern.compile("^@(\\w+)", Pattern.MULTILINE);

	@Test
	void everyImportOfTheSnippetsNamesAnExistingClassOrMember() throws IOException {
		List<String> imports = new ArrayList<>();
		for (String block : javaBlocks()) {
			Matcher matcher = IMPORT.matcher(block);
			while (matcher.find()) {
				imports.add(matcher.group(2));
				assertThat(exists(matcher.group(2), matcher.group(1) != null))
					.as("import %s in docs/test-kit.md resolves", matcher.group(2))
					.isTrue();
			}
		}
		assertThat(imports).contains("org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc",
				"dev.observability.test.TelemetryAssertions.assertThat");
	}

	@Test
	void theSetUpSnippetImportsEveryAnnotationItUses() throws IOException {
		String setUp = javaBlocks().stream()
			.filter((block) -> block.contains("class TaskApiTests"))
			.findFirst()
			.orElseThrow();
		Matcher annotations = ANNOTATION.matcher(setUp.replace("    @", "@"));
		List<String> used = new ArrayList<>();
		while (annotations.find()) {
			used.add(annotations.group(1));
		}
		assertThat(used).contains("SpringBootTest", "AutoConfigureMockMvc", "ObservabilityTest", "Autowired");
		assertThat(used).allSatisfy((name) -> assertThat(setUp).containsPattern("import [\\w.]+\\." + name + ";"));
	}

	private static List<String> javaBlocks() throws IOException {
		Matcher matcher = JAVA_BLOCK.matcher(Files.readString(PAGE));
		List<String> blocks = new ArrayList<>();
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		return blocks;
	}

	private static boolean exists(String name, boolean member) {
		String className = member ? name.substring(0, name.lastIndexOf('.')) : name;
		try {
			Class<?> type = Class.forName(className, false, TestKitDocumentationTests.class.getClassLoader());
			if (!member) {
				return true;
			}
			String memberName = name.substring(name.lastIndexOf('.') + 1);
			for (Method method : type.getMethods()) {
				if (method.getName().equals(memberName)) {
					return true;
				}
			}
			return false;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

}
