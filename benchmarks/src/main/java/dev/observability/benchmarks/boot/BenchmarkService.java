package dev.observability.benchmarks.boot;

import org.springframework.stereotype.Service;

/**
 * Service bean whose method does next to nothing, so that a call measures the
 * instrumentation around it.
 */
@Service
public class BenchmarkService {

	/**
	 * Mixes the bits of a number.
	 * @param value any number
	 * @return a number derived from it
	 */
	public long work(long value) {
		return Long.rotateLeft(value * 0x9E3779B97F4A7C15L, 17);
	}

}
