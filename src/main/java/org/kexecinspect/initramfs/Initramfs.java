package org.kexecinspect.initramfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.RegionInputStream;
import org.kexecinspect.payload.Decoders;
import org.kexecinspect.payload.Payloads;

/**
 * Reads an initramfs (the buffer a boot loader or kexec hands the kernel as initrd) by name, in one
 * streamed pass, never writing anything.
 *
 * <p>The layout is the kernel's (Documentation/driver-api/early-userspace/buffer-format.rst;
 * init/initramfs.c, unpack_to_rootfs() and the cpio state machine, read at Kingxukai/linux
 * @0291023e): the buffer is any sequence of NUL bytes, uncompressed cpio data and compressed
 * streams. At an offset that is a multiple of 4, a '0' starts a cpio header ("070701" newc or
 * "070702" crc, whose data checksum is checked); any other non-NUL byte must start a stream in a
 * format the kernel's decompress_method() knows by its magic (gzip, bzip2, lzma, xz, lzo, lz4
 * legacy, zstd), which is decoded to its end, and the buffer goes on right after the stream's last
 * byte. The decoded data is again cpio entries with NUL padding between them; anything else in it
 * is "junk within compressed archive" to the kernel, and an error here. TRAILER!!! closes an archive
 * (the kernel then forgets hard links); it is optional.
 *
 * <p>Entries are parsed by commons-compress's CpioArchiveInputStream, one archive reader per run
 * of entries, after their header fields are checked against {@link InitramfsLimits} here.
 */
public final class Initramfs {
    private Initramfs() {}

    /** Most warnings kept; the count of the rest is added as one more. */
    public static final int MAX_WARNINGS = 100;

    /** Directories whose *.conf files modprobe reads (modprobe.d(5), kmod 30). */
    static final Set<String> MODPROBE_DIRS = Set.of("etc/modprobe.d", "lib/modprobe.d", "usr/lib/modprobe.d");

    /**
     * Reads the whole initramfs in {@code source}, keeping the bytes of each member whose
     * normalised path {@code keep} accepts (each up to {@link InitramfsLimits#maxKeptBytes()}).
     */
    public static InitramfsContents read(ByteSource source, InitramfsLimits limits, Predicate<String> keep)
            throws FormatException {
        if (source.size() > limits.maxInputBytes()) {
            throw new FormatException(source.name(), -1, "the file is " + source.size()
                    + " bytes, above the " + limits.maxInputBytes() + "-byte cap on an initramfs");
        }
        return read(new RegionInputStream(source, 0, source.size()), source.name(), limits, keep);
    }

    /**
     * Reads an initramfs from {@code in} to its end (not closing it).
     *
     * @param name the artifact's name, for errors
     */
    public static InitramfsContents read(InputStream in, String name, InitramfsLimits limits, Predicate<String> keep)
            throws FormatException {
        return new Reader(in, name, limits, keep).run();
    }

    /**
     * A cpio name as a path: no leading "/" or "./", no empty or "." components, "." for the root.
     * ".." stays: these are names, never resolved against anything.
     */
    public static String normalise(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(part);
        }
        return out.length() == 0 ? "." : out.toString();
    }

    /** One pass over one input; not reusable. */
    private static final class Reader {
        final String name;
        final InitramfsLimits limits;
        final Predicate<String> keep;
        final PositionedInput raw;

        final List<Segment> segments = new ArrayList<>();
        final List<Member> members = new ArrayList<>();
        final List<KernelModule> modules = new ArrayList<>();
        final Map<String, ModprobeConfFile> configs = new LinkedHashMap<>();
        final Map<String, byte[]> kept = new LinkedHashMap<>();
        final List<String> warnings = new ArrayList<>();
        int droppedWarnings;
        /** Bytes of cpio data still allowed, uncompressed and decompressed together. */
        long budget;
        final byte[] scratch = new byte[1 << 16];

        /** The segment being read: where errors point. */
        int segment = -1;
        long segmentOffset;
        Compression compression = Compression.NONE;
        int segmentMembers;
        int segmentTrailers;
        /** An entry was read since the last TRAILER!!!. */
        boolean archiveOpen;

        Reader(InputStream in, String name, InitramfsLimits limits, Predicate<String> keep) {
            this.name = name;
            this.limits = limits;
            this.keep = keep;
            this.budget = limits.maxTotalBytes();
            this.raw = new PositionedInput(in, limits.maxInputBytes(),
                    "the input is longer than the " + limits.maxInputBytes() + "-byte cap on an initramfs");
        }

        InitramfsContents run() throws FormatException {
            try {
                while (true) {
                    raw.skipZeros();
                    int b = raw.peek();
                    if (b < 0) {
                        break;
                    }
                    long at = raw.position();
                    if (b == '0' && at % 4 == 0) {
                        uncompressedSegment(at);
                    } else {
                        compressedSegment(at);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a read of the input itself failed, or passed the cap on its length
                throw Payloads.failure(name, raw.position(), "", e);
            }
            if (droppedWarnings > 0) {
                warnings.add(droppedWarnings + " more warnings not shown");
            }
            return new InitramfsContents(name, raw.position(), segments, members, modules,
                    new ArrayList<>(configs.values()), kept, warnings);
        }

        void startSegment(long at, Compression c) throws FormatException {
            if (segments.size() >= limits.maxSegments()) {
                throw new FormatException(name, at, "more than " + limits.maxSegments()
                        + " segments (uncompressed runs and compressed streams); real initramfs images have a few");
            }
            segment = segments.size();
            segmentOffset = at;
            compression = c;
            segmentMembers = 0;
            segmentTrailers = 0;
        }

        /** cpio entries straight in the input, with NUL padding between them, until something else. */
        void uncompressedSegment(long at) throws IOException, FormatException {
            startSegment(at, Compression.NONE);
            long end;
            while (true) {
                entries(raw, new CpioArchiveInputStream(raw, 4, "UTF-8"));
                end = raw.position();
                if (end - at > budget) {
                    throw new FormatException(name, at, "the initramfs holds more than " + limits.maxTotalBytes()
                            + " bytes of cpio data (the cap on its uncompressed size)");
                }
                raw.skipZeros();
                int b = raw.peek();
                if (b != '0' || raw.position() % 4 != 0) {
                    break;
                }
            }
            endOfRun(at);
            budget -= end - at;
            segments.add(new Segment(segment, at, end - at, Compression.NONE, end - at, segmentMembers,
                    segmentTrailers));
        }

        void endOfRun(long at) {
            if (archiveOpen) {
                warn("the cpio data of the " + (compression == Compression.NONE ? "uncompressed" : compression.jsonName())
                        + " segment at 0x" + Long.toHexString(at) + " ends without TRAILER!!!");
                archiveOpen = false;
            }
        }

        void compressedSegment(long at) throws IOException, FormatException {
            byte[] head = raw.peek(Compression.MAGIC_LENGTH);
            Compression c = Compression.detect(head);
            if (c == Compression.NONE || c == Compression.UNKNOWN) {
                String why = head[0] == '0' ? " (a '0' that would start a cpio header, but at an offset that is not "
                        + "a multiple of 4)" : "";
                throw new FormatException(name, at, "invalid magic at start of compressed archive: "
                        + CpioHeader.printable(head, head.length) + " is neither NUL padding, a cpio header nor the "
                        + "magic of a compression the kernel knows" + why);
            }
            startSegment(at, c);
            String what = c.jsonName() + " segment at 0x" + Long.toHexString(at) + ": ";
            long decodedLength;
            try (InputStream decoder = open(c)) {
                PositionedInput decoded = new PositionedInput(new DecodeGuard(decoder, budget, limits.maxTotalBytes()),
                        Long.MAX_VALUE, "");
                cpioRun(decoded);
                endOfRun(at);
                decodedLength = decoded.position();
            } catch (DecodeGuard.DecodeError e) {
                throw Payloads.failure(name, raw.position(), what, e.failure());
            } catch (IOException | RuntimeException e) {
                // the decoder's constructor reads the stream's header
                throw Payloads.failure(name, raw.position(), what, e);
            }
            budget -= decodedLength;
            segments.add(new Segment(segment, at, raw.position() - at, c, decodedLength, segmentMembers,
                    segmentTrailers));
        }

        /**
         * A decoder that stops at the last byte of its stream, so what follows is the next segment.
         * Decoders' gzip reader reads ahead and runs on into a following gzip member; commons-compress's
         * rewinds to the member's end through mark/reset, and leaves the next member to the next segment,
         * as the kernel's gunzip does. The other decoders read no further than their stream (checked
         * by the tests with every real compressor followed by more data).
         */
        InputStream open(Compression c) throws IOException {
            InputStream in = raw.unclosable();
            return c == Compression.GZIP
                    ? GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(false).get()
                    : Decoders.open(c, in);
        }

        /** The cpio entries of one decoded stream, with NUL padding between them. */
        void cpioRun(PositionedInput decoded) throws IOException, FormatException {
            while (true) {
                decoded.skipZeros();
                int b = decoded.peek();
                if (b < 0) {
                    return;
                }
                long at = decoded.position();
                if (b != '0') {
                    throw inSegment(at, "junk within compressed archive: "
                            + CpioHeader.printable(decoded.peek(8), 8) + " where a cpio header or NUL padding belongs");
                }
                if (at % 4 != 0) {
                    throw inSegment(at, "broken padding: a cpio header at an offset that is not a multiple of 4");
                }
                entries(decoded, new CpioArchiveInputStream(decoded, 4, "UTF-8"));
            }
        }

        /**
         * Entries from {@code in} while headers follow each other directly; stops after a trailer,
         * at the end, or before anything that is not a header (NUL padding, the next segment, junk:
         * the caller knows which).
         */
        void entries(PositionedInput in, CpioArchiveInputStream archive) throws IOException, FormatException {
            while (true) {
                long at = in.position();
                byte[] h = in.peek(CpioHeader.LENGTH);
                if (h.length == 0 || h[0] != '0') {
                    return;
                }
                CpioHeader header;
                try {
                    header = CpioHeader.parse(h);
                } catch (CpioHeader.Invalid e) {
                    throw inSegment(at, e.getMessage());
                }
                check(header, at);
                CpioArchiveEntry entry;
                try {
                    entry = archive.getNextEntry();
                } catch (IOException e) {
                    throw cpioFailure(e, at, "cpio entry");
                } catch (IllegalArgumentException e) {
                    throw inSegment(at, "cpio entry: " + e.getMessage());
                }
                if (entry == null) {
                    segmentTrailers++;
                    archiveOpen = false;
                    return;         // TRAILER!!!: the archive is closed
                }
                archiveOpen = true;
                member(in, archive, entry, at);
            }
        }

        /**
         * A failure while commons-compress read cpio data: a decoder's or the input's own failure
         * goes up unchanged, to be reported as such; anything else is the cpio data's fault.
         */
        IOException cpioFailure(IOException e, long at, String what) throws FormatException {
            if (e instanceof DecodeGuard.DecodeError || e instanceof RegionInputStream.SourceException) {
                return e;
            }
            String detail = e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage() + ")";
            throw inSegment(at, what + ": " + (e instanceof java.io.EOFException
                    ? "truncated: the data ends inside the entry" + detail : e.getMessage()));
        }

        void check(CpioHeader h, long at) throws FormatException {
            if (h.nameSize() < 1) {
                throw inSegment(at, "c_namesize is 0: a name needs at least its terminating NUL");
            }
            if (h.nameSize() > limits.maxNameSize()) {
                throw inSegment(at, "a name of " + h.nameSize() + " bytes (c_namesize), above the "
                        + limits.maxNameSize() + "-byte cap (PATH_MAX: the kernel skips such an entry)");
            }
            if (h.fileSize() > limits.maxMemberSize()) {
                throw inSegment(at, "a member of " + h.fileSize() + " bytes (c_filesize), above the "
                        + limits.maxMemberSize() + "-byte cap on one member");
            }
            if ((h.mode() & MemberType.S_IFMT) != 0 && MemberType.of(h.mode()) == null) {
                throw inSegment(at, String.format("unknown file type in c_mode 0%o", h.mode()));
            }
            if (members.size() >= limits.maxMembers()) {
                throw inSegment(at, "more than " + limits.maxMembers() + " members (the cap on cpio entries)");
            }
        }

        void member(PositionedInput in, CpioArchiveInputStream archive, CpioArchiveEntry entry, long at)
                throws IOException, FormatException {
            String rawName = entry.getName();
            String path = normalise(rawName);
            MemberType type = MemberType.of(entry.getMode());
            long size = entry.getSize();
            boolean config = type == MemberType.FILE && isModprobeConfFile(path);
            boolean wanted = type == MemberType.FILE && keep.test(path);
            int capture = 0;
            if (type == MemberType.SYMLINK && size <= InitramfsLimits.PATH_MAX) {
                capture = (int) size;
            } else if (wanted && size <= limits.maxKeptBytes()) {
                capture = (int) size;
            } else if (config && configs.size() < limits.maxConfigFiles()) {
                capture = (int) Math.min(size, limits.maxConfigBytes());
            }
            if (wanted && size > limits.maxKeptBytes()) {
                warn(path + " is " + size + " bytes, above the " + limits.maxKeptBytes() + "-byte cap on kept bytes;"
                        + " not kept");
            }
            if (config && configs.size() >= limits.maxConfigFiles() && !configs.containsKey(path)) {
                warn("more than " + limits.maxConfigFiles() + " modprobe configuration files; " + path + " not read");
                config = false;
            }
            ByteArrayOutputStream data = new ByteArrayOutputStream(Math.min(capture, 1 << 16));
            try {
                int n;
                while ((n = archive.read(scratch, 0, scratch.length)) >= 0) {
                    int room = capture - data.size();
                    if (room > 0) {
                        data.write(scratch, 0, Math.min(room, n));
                    }
                }
            } catch (IOException e) {
                throw cpioFailure(e, at, "data of " + path);
            }
            String linkTarget = type == MemberType.SYMLINK && size <= InitramfsLimits.PATH_MAX
                    ? data.toString(StandardCharsets.UTF_8) : null;
            members.add(new Member(path, rawName, segment, at, type, (int) (entry.getMode() & 07777), size,
                    entry.getNumberOfLinks(), linkTarget));
            segmentMembers++;
            if (type == MemberType.FILE) {
                String module = KernelModule.moduleName(path);
                if (module != null) {
                    modules.add(new KernelModule(module, path, KernelModule.compressionOf(path), size, segment));
                }
            }
            if (wanted && size <= limits.maxKeptBytes()) {
                kept.put(path, data.toByteArray());
            }
            if (config) {
                configs.remove(path);       // a later entry replaces the file and moves it last
                configs.put(path, new ModprobeConfFile(path, data.toString(StandardCharsets.UTF_8), size,
                        size > data.size()));
            }
        }

        static boolean isModprobeConfFile(String path) {
            int slash = path.lastIndexOf('/');
            return slash > 0 && path.endsWith(".conf") && MODPROBE_DIRS.contains(path.substring(0, slash));
        }

        /** An error at {@code at} in the current segment's cpio data. */
        FormatException inSegment(long at, String reason) {
            if (compression == Compression.NONE) {
                return new FormatException(name, at, reason);
            }
            return new FormatException(name, segmentOffset, compression.jsonName() + " segment at 0x"
                    + Long.toHexString(segmentOffset) + ", at 0x" + Long.toHexString(at)
                    + " of its decompressed data: " + reason);
        }

        void warn(String w) {
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(w);
            } else {
                droppedWarnings++;
            }
        }
    }
}
