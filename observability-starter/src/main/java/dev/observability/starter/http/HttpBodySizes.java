package dev.observability.starter.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Byte counts of one request, kept on its observation context while the request is
 * served. Each count has one writer at a time (the thread serving the request or writing
 * its response); fields are volatile so that the thread stopping the observation sees the
 * last value.
 */
final class HttpBodySizes {

	private volatile long requestBytes;

	private volatile long responseBytes;

	long requestBytes() {
		return this.requestBytes;
	}

	long responseBytes() {
		return this.responseBytes;
	}

	void requestContentLength(long contentLength) {
		this.requestBytes = contentLength;
	}

	void addRequestBytes(long count) {
		if (count > 0) {
			this.requestBytes += count;
		}
	}

	void addResponseBytes(long count) {
		if (count > 0) {
			this.responseBytes += count;
		}
	}

	void resetResponseBytes() {
		this.responseBytes = 0;
	}

	/**
	 * Number of bytes the given characters take in the given charset: exact for UTF-8 and
	 * single-byte charsets, the encoder's average otherwise. Never allocates.
	 */
	static long encodedLength(CharSequence chars, int offset, int length, Charset charset) {
		if (StandardCharsets.UTF_8.equals(charset)) {
			long bytes = 0;
			for (int i = offset; i < offset + length; i++) {
				bytes += utf8Length(chars.charAt(i));
			}
			return bytes;
		}
		if (StandardCharsets.ISO_8859_1.equals(charset) || StandardCharsets.US_ASCII.equals(charset)) {
			return length;
		}
		return (long) Math.ceil(length * charset.newEncoder().averageBytesPerChar());
	}

	private static int utf8Length(char c) {
		if (c < 0x80) {
			return 1;
		}
		if (c < 0x800) {
			return 2;
		}
		if (Character.isHighSurrogate(c)) {
			return 4;
		}
		return Character.isLowSurrogate(c) ? 0 : 3;
	}

}
