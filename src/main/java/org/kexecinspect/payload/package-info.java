/**
 * Kernel payloads: compression detection, bounded streamed decompression (gzip, bzip2, lzma, xz,
 * lz4, zstd, lzo), and scans of the decompressed bytes for the banner and the embedded config.
 *
 * <p>May use: org.kexecinspect.format
 */
package org.kexecinspect.payload;
