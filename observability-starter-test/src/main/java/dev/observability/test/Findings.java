package dev.observability.test;

import java.util.List;
import java.util.stream.Collectors;

import dev.observability.starter.core.QueryFinding;

/**
 * N+1 and repeated queries the starter found, from {@link Telemetry#findings()} (the test
 * method and every request it made) or {@link Trace#findings()} (one request). They come
 * from the same detection, with the same {@code observability.jdbc.findings.*} settings,
 * as in production. Check them with {@link TelemetryAssertions#assertThat(Findings)} or
 * the shortcuts on {@link TraceAssert}.
 */
public final class Findings {

	private final List<QueryFinding> all;

	Findings(List<QueryFinding> all) {
		this.all = List.copyOf(all);
	}

	/**
	 * Every finding, in the order they were found.
	 * <p>
	 * Passes: {@code assertThat(findings.all()).isEmpty()} for a request that loaded its
	 * data in one query. Fails: the same for one that walked a lazy collection in a loop.
	 * @return the findings
	 */
	public List<QueryFinding> all() {
		return this.all;
	}

	/**
	 * The findings of one kind.
	 * <p>
	 * Passes: {@code assertThat(findings.of(Kind.N_PLUS_ONE)).hasSize(1)} for a request
	 * with one N+1. Fails: the same with {@code Kind.REPEATED_QUERY} for that request.
	 * @param kind N+1 or repeated query
	 * @return the findings of that kind
	 */
	public List<QueryFinding> of(QueryFinding.Kind kind) {
		return this.all.stream().filter((finding) -> finding.getKind() == kind).toList();
	}

	/**
	 * One line per finding, as the starter logs them.
	 * @return the findings
	 */
	@Override
	public String toString() {
		if (this.all.isEmpty()) {
			return "no N+1 or repeated query";
		}
		return this.all.stream().map((finding) -> "  " + finding).collect(Collectors.joining("\n"));
	}

}
