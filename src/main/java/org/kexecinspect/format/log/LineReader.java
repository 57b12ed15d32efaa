package org.kexecinspect.format.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.kexecinspect.format.FormatException;

/** Splits a byte stream into lines (LF ends one), holding at most one capped line at a time. */
final class LineReader {
    /** Bytes at the start looked at for the control-byte test. */
    private static final int SNIFF = 8192;

    record RawLine(long number, String text, boolean cut) {}

    private final String artifact;
    private final InputStream in;
    private final LogLimits limits;
    private final byte[] chunk = new byte[65536];
    private int pos;
    private int len;
    private long offset;
    private long lines;
    private long cutLines;
    private boolean endsMidLine;
    private int controls;
    private boolean eof;
    private final byte[] line;

    LineReader(String artifact, InputStream in, LogLimits limits) {
        this.artifact = artifact;
        this.in = in;
        this.limits = limits;
        this.line = new byte[limits.maxLineLength()];
    }

    long offset() { return offset; }

    long lines() { return lines; }

    long cutLines() { return cutLines; }

    boolean endsMidLine() { return endsMidLine; }

    /** The next line without its LF, decoded as UTF-8 (bad bytes replaced), or null at the end. */
    RawLine next() throws IOException, FormatException {
        int n = 0;
        boolean cut = false;
        long start = offset;
        while (true) {
            if (pos == len) {
                if (eof || !fill()) {
                    if (offset == start) {
                        return null;
                    }
                    endsMidLine = true;
                    return emit(n, cut, start);
                }
            }
            byte b = chunk[pos++];
            offset++;
            if (offset > limits.maxBytes()) {
                throw new FormatException(artifact, offset - 1, "longer than " + limits.maxBytes() + " bytes, over the log size cap");
            }
            if (b == 0) {
                throw new FormatException(artifact, offset - 1, "NUL byte: binary data, not a text log");
            }
            if (offset <= SNIFF && b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != 0x1b && b != '\b'
                    && b != '\f' && ++controls > SNIFF / 10) {
                throw new FormatException(artifact, offset - 1, "control bytes in most of the start: binary data, not a text log");
            }
            if (b == '\n') {
                return emit(n, cut, start);
            }
            if (n < line.length) {
                line[n++] = b;
            } else {
                cut = true;
            }
        }
    }

    private RawLine emit(int n, boolean cut, long start) throws FormatException {
        if (lines == limits.maxLines()) {
            throw new FormatException(artifact, start, "more than " + limits.maxLines() + " lines, over the log line cap");
        }
        lines++;
        if (cut) {
            cutLines++;
        }
        return new RawLine(lines, new String(line, 0, n, StandardCharsets.UTF_8), cut);
    }

    private boolean fill() throws IOException {
        int r = in.read(chunk, 0, chunk.length);
        if (r <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        len = r;
        return true;
    }
}
