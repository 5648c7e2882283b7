package dev.observability.test;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.assertj.core.api.AbstractAssert;

import dev.observability.starter.core.QueryFinding;

/**
 * Assertions on the findings of one kind, narrowed step by step; start with
 * {@link FindingsAssert#hasNPlusOne()} or {@link FindingsAssert#hasRepeatedQuery()}. Each
 * step keeps the findings that match and fails when none does; the last finding standing
 * is what {@link #withCount(int)} checks.
 */
public class FindingAssert extends AbstractAssert<FindingAssert, List<QueryFinding>> {

	private final QueryFinding.Kind kind;

	private final Findings all;

	FindingAssert(QueryFinding.Kind kind, List<QueryFinding> actual, Findings all) {
		super(actual, FindingAssert.class);
		this.kind = kind;
		this.all = all;
	}

	/**
	 * Keep the findings caused by loading this association or entity.
	 * <p>
	 * Passes: {@code hasNPlusOne().on("Residence.tasks")} for a request that walks
	 * residences' lazy tasks. Fails: {@code hasNPlusOne().on("Residence.owner")} for that
	 * request, listing what was found.
	 * @param association the association as {@code Entity.property}, or an entity name
	 * @return assertions on the matching findings
	 */
	public FindingAssert on(String association) {
		return narrow((finding) -> association.equals(finding.getAssociation()), "on " + association);
	}

	/**
	 * Keep the findings of this statement.
	 * <p>
	 * Passes:
	 * {@code hasRepeatedQuery().ofStatement("select r1_0.id from residence r1_0 where r1_0.name=?")}.
	 * Fails: the same with a statement that did not repeat.
	 * @param statement the sanitized SQL, as in {@code db.query.text}
	 * @return assertions on the matching findings
	 */
	public FindingAssert ofStatement(String statement) {
		return narrow((finding) -> statement.equals(finding.getStatement()), "of statement \"" + statement + "\"");
	}

	/**
	 * Keep the findings whose code location contains the given text.
	 * <p>
	 * Passes: {@code hasNPlusOne().at("ResidenceService.listWithTasks")}. Fails: the same
	 * with a method that ran no loop.
	 * @param codeLocation part of the location, e.g. a class and method name
	 * @return assertions on the matching findings
	 */
	public FindingAssert at(String codeLocation) {
		return narrow(
				(finding) -> finding.getCodeLocation() != null && finding.getCodeLocation().contains(codeLocation),
				"at " + codeLocation);
	}

	/**
	 * Verify the one finding left ran its statement this many times (with different
	 * values for an N+1, identical ones for a repeated query).
	 * <p>
	 * Passes: {@code hasNPlusOne().on("Residence.tasks").withCount(10)} for ten
	 * residences. Fails: {@code withCount(9)} for the same request.
	 * @param expected the count
	 * @return this assertion
	 */
	public FindingAssert withCount(int expected) {
		isNotNull();
		if (this.actual.size() != 1) {
			failWithMessage("%s", FindingFailureMessages.ambiguousFinding(this.kind, this.actual));
		}
		QueryFinding finding = this.actual.get(0);
		if (finding.getCount() != expected) {
			failWithMessage("%s", FindingFailureMessages.findingCount(finding, expected));
		}
		return this;
	}

	private FindingAssert narrow(Predicate<QueryFinding> matches, String description) {
		isNotNull();
		List<QueryFinding> kept = this.actual.stream().filter(Objects::nonNull).filter(matches).toList();
		if (kept.isEmpty()) {
			failWithMessage("%s", FindingFailureMessages.noFindingMatches(this.kind, description, this.all));
		}
		return new FindingAssert(this.kind, kept, this.all);
	}

}
