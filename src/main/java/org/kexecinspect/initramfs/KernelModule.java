package org.kexecinspect.initramfs;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kexecinspect.format.Compression;

/**
 * A kernel module file in the initramfs.
 *
 * @param name the module name: the file name without its suffix, '-' written as '_' (kmod treats
 *     the two as the same character in module names: libkmod's modname_normalize)
 * @param path the member's normalised path
 * @param compression what its suffix says: .ko is {@link Compression#NONE}, .ko.xz, .ko.zst, .ko.gz
 * @param size bytes of the file as stored
 * @param segment the segment it came from
 */
public record KernelModule(String name, String path, Compression compression, long size, int segment) {

    private static final Pattern FILE = Pattern.compile("(.+)\\.ko(\\.xz|\\.zst|\\.gz)?");

    /** The normalised module name of a path whose file name is a module's, or null. */
    public static String moduleName(String path) {
        Matcher m = FILE.matcher(path.substring(path.lastIndexOf('/') + 1));
        return m.matches() ? normalise(m.group(1)) : null;
    }

    /** '-' and '_' are the same in module names; kmod keeps '_'. */
    public static String normalise(String name) {
        return name.replace('-', '_');
    }

    static Compression compressionOf(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".ko.xz")) {
            return Compression.XZ;
        }
        if (p.endsWith(".ko.zst")) {
            return Compression.ZSTD;
        }
        if (p.endsWith(".ko.gz")) {
            return Compression.GZIP;
        }
        return Compression.NONE;
    }
}
