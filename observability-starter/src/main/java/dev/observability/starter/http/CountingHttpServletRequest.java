package dev.observability.starter.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Counts the bytes of a request body whose length the client did not announce, as the
 * application reads them. Nothing is buffered.
 */
final class CountingHttpServletRequest extends HttpServletRequestWrapper {

	private final HttpBodySizes sizes;

	private ServletInputStream inputStream;

	private BufferedReader reader;

	CountingHttpServletRequest(HttpServletRequest request, HttpBodySizes sizes) {
		super(request);
		this.sizes = sizes;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.inputStream == null) {
			this.inputStream = new CountingInputStream(super.getInputStream(), this.sizes);
		}
		return this.inputStream;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		if (this.reader == null) {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			this.reader = new BufferedReader(new CountingReader(super.getReader(), charset, this.sizes));
		}
		return this.reader;
	}

	private static final class CountingInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final HttpBodySizes sizes;

		CountingInputStream(ServletInputStream delegate, HttpBodySizes sizes) {
			this.delegate = delegate;
			this.sizes = sizes;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				this.sizes.addRequestBytes(1);
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int count = this.delegate.read(b, off, len);
			this.sizes.addRequestBytes(count);
			return count;
		}

		@Override
		public int read(ByteBuffer buffer) throws IOException {
			int count = this.delegate.read(buffer);
			this.sizes.addRequestBytes(count);
			return count;
		}

		@Override
		public long skip(long n) throws IOException {
			long skipped = this.delegate.skip(n);
			this.sizes.addRequestBytes(skipped);
			return skipped;
		}

		@Override
		public int available() throws IOException {
			return this.delegate.available();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

	private static final class CountingReader extends Reader {

		private final Reader delegate;

		private final Charset charset;

		private final HttpBodySizes sizes;

		CountingReader(Reader delegate, Charset charset, HttpBodySizes sizes) {
			this.delegate = delegate;
			this.charset = charset;
			this.sizes = sizes;
		}

		@Override
		public int read(char[] buf, int off, int len) throws IOException {
			int count = this.delegate.read(buf, off, len);
			if (count > 0) {
				this.sizes.addRequestBytes(HttpBodySizes.encodedLength(CharBuffer.wrap(buf), off, count, this.charset));
			}
			return count;
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

	}

}
