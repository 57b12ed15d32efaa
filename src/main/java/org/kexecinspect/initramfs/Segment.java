package org.kexecinspect.initramfs;

import org.kexecinspect.format.Compression;

/**
 * One part of an initramfs buffer: a run of uncompressed cpio data, or one compressed stream
 * (which itself holds cpio data). NUL padding between parts belongs to none.
 *
 * @param index position among the segments, from 0
 * @param offset where the segment starts in the input
 * @param length bytes of the input it spans; a legacy lz4 stream, which has no end mark, includes
 *     the zero block length that stopped it when padding follows (lib/decompress_unlz4.c stops there since 2c484419efc0, v5.14)
 * @param compression {@link Compression#NONE} for uncompressed cpio data
 * @param uncompressedLength bytes of cpio data it holds (= length when uncompressed)
 * @param members cpio entries in it, trailers not counted
 * @param trailers TRAILER!!! entries in it, i.e. the cpio archives that were closed
 */
public record Segment(int index, long offset, long length, Compression compression, long uncompressedLength,
        int members, int trailers) {}
