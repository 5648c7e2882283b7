package dev.observability.test;

import org.assertj.core.annotation.CheckReturnValue;

/**
 * The one entry point of the test kit's assertions, in AssertJ style:
 *
 * <pre class="code">
 * import static dev.observability.test.TelemetryAssertions.assertThat;
 *
 * assertThat(telemetry.traceOf("GET /api/residences/{id}/tasks")).hasTree("""
 *     GET /api/residences/{id}/tasks
 *       TaskService.listForResidence
 *         SELECT task
 *     """);
 * assertThat(telemetry.traceOf("GET /api/residences/{id}/tasks")).queries().hasCount(1);
 * assertThat(telemetry.meters()).timer("http.server.request.duration", "http.route", "/api/residences/{id}/tasks")
 *     .hasCount(1);
 * </pre>
 */
public final class TelemetryAssertions {

	private TelemetryAssertions() {
	}

	/**
	 * Start assertions on a trace.
	 * <p>
	 * Passes:
	 * {@code assertThat(telemetry.traceOf("GET /api/tasks")).hasTree("GET /api/tasks")}
	 * for a request that made no other span. Fails:
	 * {@code assertThat((Trace) null).hasTree("x")}.
	 * @param trace the trace, usually from {@link Telemetry#traceOf(String)}
	 * @return the assertion
	 */
	@CheckReturnValue
	public static TraceAssert assertThat(Trace trace) {
		return new TraceAssert(trace);
	}

	/**
	 * Start assertions on meters.
	 * <p>
	 * Passes:
	 * {@code assertThat(telemetry.meters()).hasMeter("http.server.request.duration")}
	 * after a request. Fails: the same before any request, listing the meters that exist.
	 * @param meters the meters, usually from {@link Telemetry#meters()}
	 * @return the assertion
	 */
	@CheckReturnValue
	public static MetersAssert assertThat(Meters meters) {
		return new MetersAssert(meters);
	}

	/**
	 * Start assertions on N+1 and repeated queries.
	 * <p>
	 * Passes: {@code assertThat(telemetry.findings()).hasNoNPlusOne()} in a repository
	 * test that loads parents and children in one query. Fails: the same in a test that
	 * walks a lazy collection of ten parents.
	 * @param findings the findings, from {@link Telemetry#findings()} or
	 * {@link Trace#findings()}
	 * @return the assertion
	 */
	@CheckReturnValue
	public static FindingsAssert assertThat(Findings findings) {
		return new FindingsAssert(findings);
	}

}
