package org.kexecinspect.format.log;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.kexecinspect.format.FormatException;

/**
 * Splits a byte stream into lines (LF ends one), holding one read and at most one capped line. A
 * line is handed out as bytes, where it lies: in the read buffer, or, when it spans two reads, in a
 * buffer of the cap's size. Nothing is allocated per line.
 */
final class LineReader {
    /** Bytes at the start looked at for the control-byte test. */
    private static final int SNIFF = 8192;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;
    private static final long HIGH = 0x8080808080808080L;

    private final String artifact;
    private final InputStream in;
    private final LogLimits limits;
    private final byte[] chunk = new byte[65536];
    private int pos;
    private int len;
    /** The stream offset of chunk[0]. */
    private long base;
    private long lines;
    private long cutLines;
    private boolean endsMidLine;
    private int controls;
    private boolean eof;
    private final byte[] line;

    /** The line {@link #next} found: {@code bytes[start, end)}, cut at the cap, without its LF. */
    byte[] bytes;
    int start;
    int end;
    boolean cut;
    long number;
    /** CRs in the whole line (past the cap too). */
    int crs;
    /** Whether the whole line holds a control byte other than CR, LF or TAB, or DEL. */
    boolean controlBytes;

    /** The line {@link #keep} marked: where it lies, until a read or a spanning line would overwrite it. */
    private byte[] keptIn;
    private int keptStart;
    private int keptLength;
    private final byte[] kept;

    LineReader(String artifact, InputStream in, LogLimits limits) {
        this.artifact = artifact;
        this.in = in;
        this.limits = limits;
        this.line = new byte[limits.maxLineLength()];
        this.kept = new byte[limits.maxLineLength()];
    }

    /**
     * Keeps {@code bytes[from, to)} of the current line for {@link #kept()}: copied only if the buffer
     * it lies in is about to be reused, not once per line.
     */
    void keep(int from, int to) {
        keptIn = bytes;
        keptStart = from;
        keptLength = to - from;
    }

    /** What {@link #keep} marked last, decoded. */
    String kept() {
        return new String(keptIn, keptStart, keptLength, StandardCharsets.UTF_8);
    }

    private void save(byte[] buffer) {
        if (keptIn == buffer) {
            System.arraycopy(buffer, keptStart, kept, 0, keptLength);
            keptIn = kept;
            keptStart = 0;
        }
    }

    long offset() { return base + pos; }

    long lines() { return lines; }

    long cutLines() { return cutLines; }

    boolean endsMidLine() { return endsMidLine; }

    /** Finds the next line (see the fields), or false at the end. */
    boolean next() throws IOException, FormatException {
        long from = base + pos;
        int held = 0; // bytes of this line in `line`, once it spans two reads
        boolean spans = false;
        long length = 0;
        crs = 0;
        controlBytes = false;
        while (true) {
            if (pos == len && (eof || !fill())) {
                if (base + pos == from) {
                    return false;
                }
                endsMidLine = true;
                return emit(line, 0, held, length, from);
            }
            int at = pos;
            long room = limits.maxBytes() - base;
            int limit = room < len ? (int) room : len;
            int lf = scan(at, limit);
            if (lf < 0 && limit < len) {
                throw new FormatException(artifact, base + limit, "longer than " + limits.maxBytes() + " bytes, over the log size cap");
            }
            int stop = lf < 0 ? len : lf;
            length += stop - at;
            if (lf >= 0 && !spans) {
                pos = lf + 1;
                return emit(chunk, at, at + (int) Math.min(stop - at, line.length), length, from);
            }
            if (held == 0) {
                save(line);
            }
            int n = Math.min(stop - at, line.length - held); // what fits under the cap
            System.arraycopy(chunk, at, line, held, n);
            held += n;
            spans = true;
            if (lf >= 0) {
                pos = lf + 1;
                return emit(line, 0, held, length, from);
            }
            pos = len;
        }
    }

    /**
     * The index of the first LF in chunk[from, limit), or -1; counts the CRs and notes the other
     * control bytes before it; a NUL is an error. Eight bytes at a time where no byte is below 0x20
     * or DEL, which is nearly every word of a text line.
     */
    private int scan(int from, int limit) throws FormatException {
        int i = from;
        if (base + i < SNIFF) {
            int stop = (int) Math.min(limit, SNIFF - base);
            for (; i < stop; i++) {
                byte b = chunk[i];
                if (b == 0) {
                    throw nul(i);
                }
                // b is signed: bytes from 0x80 count here too, as they always have
                if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != 0x1b && b != '\b' && b != '\f' && ++controls > SNIFF / 10) {
                    throw new FormatException(artifact, base + i, "control bytes in most of the start: binary data, not a text log");
                }
                if (b == '\n') {
                    return i;
                }
                note(b);
            }
        }
        byte[] c = chunk;
        for (; i <= limit - 8; i += 8) {
            long v = (long) LONGS.get(c, i);
            long y = v & LOW7;
            // per byte, the high bit: ASCII and (0x7f, or below 0x20); no carry crosses a byte
            if ((((y + 0x0101010101010101L) | ~(y + 0x6060606060606060L)) & ~v & HIGH) != 0) {
                // bytewise(), written out: this word ends nearly every line
                for (int j = i; j < i + 8; j++) {
                    byte b = c[j];
                    if (b >= 0x20 && b != 0x7f || b < 0) {
                        continue;
                    }
                    if (b == '\n') {
                        return j;
                    }
                    if (b == '\r') {
                        crs++;
                    } else if (b == 0) {
                        throw nul(j);
                    } else if (b != '\t') {
                        controlBytes = true;
                    }
                }
            }
        }
        return bytewise(i, limit);
    }

    private int bytewise(int from, int to) throws FormatException {
        for (int i = from; i < to; i++) {
            byte b = chunk[i];
            if (b >= 0x20 && b != 0x7f || b < 0) {
                continue;
            }
            if (b == '\n') {
                return i;
            }
            if (b == 0) {
                throw nul(i);
            }
            note(b);
        }
        return -1;
    }

    private void note(byte b) {
        if (b == '\r') {
            crs++;
        } else if (b >= 0 && b < 0x20 && b != '\t' || b == 0x7f) {
            controlBytes = true;
        }
    }

    private FormatException nul(int i) {
        return new FormatException(artifact, base + i, "NUL byte: binary data, not a text log");
    }

    private boolean emit(byte[] b, int s, int e, long length, long from) throws FormatException {
        if (lines == limits.maxLines()) {
            throw new FormatException(artifact, from, "more than " + limits.maxLines() + " lines, over the log line cap");
        }
        lines++;
        cut = length > line.length;
        if (cut) {
            cutLines++;
        }
        number = lines;
        bytes = b;
        start = s;
        end = e;
        return true;
    }

    private boolean fill() throws IOException {
        save(chunk);
        int r = in.read(chunk, 0, chunk.length);
        if (r <= 0) {
            eof = true;
            return false;
        }
        base += len;
        pos = 0;
        len = r;
        return true;
    }
}
