package dev.observability.starter.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Counts the bytes of the response body as the application writes them, through the
 * output stream or the writer. Nothing is buffered: every write goes straight to the
 * container's stream, so streaming and async responses behave as without the wrapper.
 */
final class CountingHttpServletResponse extends HttpServletResponseWrapper {

	private final HttpBodySizes sizes;

	private ServletOutputStream outputStream;

	private PrintWriter writer;

	CountingHttpServletResponse(HttpServletResponse response, HttpBodySizes sizes) {
		super(response);
		this.sizes = sizes;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.outputStream == null) {
			this.outputStream = new CountingOutputStream(super.getOutputStream(), this.sizes);
		}
		return this.outputStream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.writer == null) {
			this.writer = new CountingWriter(super.getWriter(), Charset.forName(getCharacterEncoding()), this.sizes);
		}
		return this.writer;
	}

	@Override
	public void reset() {
		super.reset();
		this.sizes.resetResponseBytes();
	}

	@Override
	public void resetBuffer() {
		super.resetBuffer();
		this.sizes.resetResponseBytes();
	}

	private static final class CountingOutputStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		private final HttpBodySizes sizes;

		CountingOutputStream(ServletOutputStream delegate, HttpBodySizes sizes) {
			this.delegate = delegate;
			this.sizes = sizes;
		}

		@Override
		public void write(int b) throws IOException {
			this.delegate.write(b);
			this.sizes.addResponseBytes(1);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.delegate.write(b, off, len);
			this.sizes.addResponseBytes(len);
		}

		@Override
		public void write(ByteBuffer buffer) throws IOException {
			int remaining = buffer.remaining();
			this.delegate.write(buffer);
			this.sizes.addResponseBytes(remaining - buffer.remaining());
		}

		@Override
		public void flush() throws IOException {
			this.delegate.flush();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.delegate.setWriteListener(listener);
		}

	}

	private static final class CountingWriter extends PrintWriter {

		private final Charset charset;

		private final HttpBodySizes sizes;

		CountingWriter(PrintWriter delegate, Charset charset, HttpBodySizes sizes) {
			super(delegate);
			this.charset = charset;
			this.sizes = sizes;
		}

		@Override
		public void write(int c) {
			super.write(c);
			this.sizes.addResponseBytes(HttpBodySizes.encodedLength(String.valueOf((char) c), 0, 1, this.charset));
		}

		@Override
		public void write(char[] buf, int off, int len) {
			super.write(buf, off, len);
			this.sizes.addResponseBytes(HttpBodySizes.encodedLength(CharBuffer.wrap(buf), off, len, this.charset));
		}

		@Override
		public void write(String s, int off, int len) {
			super.write(s, off, len);
			this.sizes.addResponseBytes(HttpBodySizes.encodedLength(s, off, len, this.charset));
		}

		@Override
		public void println() {
			// PrintWriter writes the line separator past write(String); count it here
			write(System.lineSeparator());
		}

	}

}
