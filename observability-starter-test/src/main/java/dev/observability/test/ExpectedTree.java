package dev.observability.test;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an expected span tree written as indented text (typically a text block) and
 * brings it to the form {@code TraceTreeRenderer.namesOnly()} produces: no common indent,
 * two spaces per level, one name a line, each line ending with a newline.
 */
final class ExpectedTree {

	private ExpectedTree() {
	}

	static String normalise(String tree) {
		if (tree.indexOf('\t') >= 0) {
			throw new IllegalArgumentException("The expected tree contains a tab; indent with two spaces per level");
		}
		List<String> lines = new ArrayList<>();
		for (String line : tree.stripIndent().split("\n", -1)) {
			if (!line.isBlank()) {
				lines.add(line.stripTrailing());
			}
		}
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("The expected tree is empty; write one span name a line");
		}
		StringBuilder out = new StringBuilder();
		int previousDepth = -1;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			int spaces = line.length() - line.stripLeading().length();
			int depth = spaces / 2;
			if (spaces % 2 != 0 || depth > previousDepth + 1) {
				throw new IllegalArgumentException("Line " + (i + 1) + " of the expected tree, \"" + line
						+ "\", is indented by " + spaces + " spaces, under a line at level "
						+ Math.max(previousDepth, 0) + "; indent each child by two spaces more than its parent");
			}
			out.append(line).append('\n');
			previousDepth = depth;
		}
		return out.toString();
	}

}
