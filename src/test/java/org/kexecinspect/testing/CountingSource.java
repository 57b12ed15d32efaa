package org.kexecinspect.testing;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;

/** A ByteSource that counts the bytes a parser asks for, to prove header-only work stays header-only. */
public final class CountingSource implements ByteSource {
    private final ByteSource inner;
    private long requested;

    public CountingSource(ByteSource inner) { this.inner = inner; }

    /** Bytes asked for so far. */
    public long requested() { return requested; }

    @Override public String name() { return inner.name(); }

    @Override public long size() { return inner.size(); }

    @Override public byte[] read(long offset, int length) throws FormatException {
        requested += length;
        return inner.read(offset, length);
    }
}
