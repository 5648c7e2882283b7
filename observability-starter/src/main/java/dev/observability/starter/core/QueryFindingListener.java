package dev.observability.starter.core;

/**
 * Told of every N+1 and repeated query the starter finds, when the unit of work they were
 * found in closes. Declare one as a bean; it is called on the thread that closes the unit
 * (the request's thread), so it should return quickly. A listener that throws is counted
 * as a hook failure and the others are still called.
 */
@FunctionalInterface
public interface QueryFindingListener {

	/**
	 * Called once per finding.
	 * @param finding what was found
	 */
	void onFinding(QueryFinding finding);

}
