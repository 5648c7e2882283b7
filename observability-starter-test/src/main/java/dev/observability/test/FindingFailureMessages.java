package dev.observability.test;

import java.util.List;

import dev.observability.starter.core.QueryFinding;

/**
 * Failure messages of the finding assertions: what was expected, every finding with its
 * statement, count, association and code location, and the advice for the kind at hand.
 */
final class FindingFailureMessages {

	private FindingFailureMessages() {
	}

	static String unexpectedFindings(QueryFinding.Kind kind, Findings findings) {
		List<QueryFinding> found = findings.of(kind);
		StringBuilder message = new StringBuilder("Expecting no ").append(name(kind))
			.append(" but found ")
			.append(found.size())
			.append(":\n");
		for (QueryFinding finding : found) {
			message.append("  ").append(finding).append('\n');
		}
		return message.append("Advice: ").append(kind.getAdvice()).append('.').toString();
	}

	static String missingFinding(QueryFinding.Kind kind, Findings findings) {
		return "Expecting " + article(kind) + name(kind) + " but found" + describe(findings)
				+ "\nA statement is reported once it runs observability.jdbc.findings.threshold times in one unit of "
				+ "work (a request or a test method)" + ((kind == QueryFinding.Kind.N_PLUS_ONE)
						? " with different bind values." : " with identical bind values.");
	}

	static String noFindingMatches(QueryFinding.Kind kind, String description, Findings findings) {
		return "Expecting " + article(kind) + name(kind) + " " + description + " but found" + describe(findings);
	}

	static String ambiguousFinding(QueryFinding.Kind kind, List<QueryFinding> findings) {
		StringBuilder message = new StringBuilder("Expecting one ").append(name(kind))
			.append(" to check its count but ")
			.append(findings.size())
			.append(" match; narrow them with on(...), ofStatement(...) or at(...):\n");
		for (QueryFinding finding : findings) {
			message.append("  ").append(finding).append('\n');
		}
		return message.toString().stripTrailing();
	}

	static String findingCount(QueryFinding finding, int expected) {
		return "Expecting the statement to run " + expected + " times but it ran " + finding.getCount() + " times:\n  "
				+ finding;
	}

	private static String describe(Findings findings) {
		return findings.all().isEmpty() ? " no N+1 or repeated query." : ":\n" + findings;
	}

	private static String name(QueryFinding.Kind kind) {
		return (kind == QueryFinding.Kind.N_PLUS_ONE) ? "N+1 query" : "repeated query";
	}

	private static String article(QueryFinding.Kind kind) {
		return (kind == QueryFinding.Kind.N_PLUS_ONE) ? "an " : "a ";
	}

}
