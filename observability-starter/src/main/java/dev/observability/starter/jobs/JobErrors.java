package dev.observability.starter.jobs;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The bounded type of what a job threw: the class name of the failure the job's own code
 * raised, looking through the wrappers that executors and proxies put around it.
 */
final class JobErrors {

	private static final int MAX_UNWRAPPED = 8;

	private JobErrors() {
	}

	static String type(Throwable failure) {
		return cause(failure).getClass().getName();
	}

	static Throwable cause(Throwable failure) {
		Throwable cause = failure;
		for (int i = 0; i < MAX_UNWRAPPED && isWrapper(cause) && cause.getCause() != null; i++) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static boolean isWrapper(Throwable failure) {
		return failure instanceof CompletionException || failure instanceof ExecutionException
				|| failure instanceof UndeclaredThrowableException || failure instanceof InvocationTargetException;
	}

}
