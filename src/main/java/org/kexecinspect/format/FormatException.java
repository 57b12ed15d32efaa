package org.kexecinspect.format;

/**
 * An input that cannot be decoded: names the artifact, the byte offset where decoding stopped
 * (or -1 when no offset applies, e.g. a missing file) and the reason. The CLI prints it as one line.
 */
public final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String reason;

    public FormatException(String artifact, long offset, String reason) {
        this(artifact, offset, reason, null);
    }

    public FormatException(String artifact, long offset, String reason, Throwable cause) {
        super(artifact + ": " + (offset >= 0 ? "offset 0x" + Long.toHexString(offset) + ": " : "") + reason, cause);
        this.offset = offset;
        this.reason = reason;
    }

    /** Byte offset in the artifact, or -1 when the problem is not at an offset. */
    public long offset() { return offset; }

    public String reason() { return reason; }
}
