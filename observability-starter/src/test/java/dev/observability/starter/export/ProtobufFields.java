package dev.observability.starter.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the length-delimited fields of one number from a protobuf message, enough to look
 * inside the OTLP requests a test receiver gets without a protobuf library.
 */
final class ProtobufFields {

	private static final int VARINT = 0;

	private static final int FIXED64 = 1;

	private static final int LENGTH_DELIMITED = 2;

	private static final int FIXED32 = 5;

	private final byte[] message;

	private int position;

	private ProtobufFields(byte[] message) {
		this.message = message;
	}

	static List<byte[]> of(byte[] message, int fieldNumber) {
		return new ProtobufFields(message).read(fieldNumber);
	}

	private List<byte[]> read(int fieldNumber) {
		List<byte[]> values = new ArrayList<>();
		while (this.position < this.message.length) {
			long tag = readVarint();
			int wireType = (int) (tag & 0x7);
			switch (wireType) {
				case VARINT -> readVarint();
				case FIXED64 -> this.position += 8;
				case FIXED32 -> this.position += 4;
				case LENGTH_DELIMITED -> {
					int length = (int) readVarint();
					if ((tag >>> 3) == fieldNumber) {
						values.add(Arrays.copyOfRange(this.message, this.position, this.position + length));
					}
					this.position += length;
				}
				default -> throw new IllegalArgumentException("Unsupported wire type " + wireType);
			}
		}
		return values;
	}

	private long readVarint() {
		long value = 0;
		for (int shift = 0;; shift += 7) {
			byte next = this.message[this.position++];
			value |= (long) (next & 0x7F) << shift;
			if ((next & 0x80) == 0) {
				return value;
			}
		}
	}

}
