package org.kexecinspect.initramfs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an initramfs holds, by name; read by {@link Initramfs}.
 *
 * @param name the artifact's name as the user gave it
 * @param inputLength bytes of the input read
 * @param segments its parts in input order
 * @param members every cpio entry in input order, a name repeated as often as the archive repeats
 *     it (the kernel lets a later entry replace an earlier one)
 * @param modules the kernel module files among the members, in input order
 * @param modprobeConfFiles the modprobe configuration files, the last entry of each path
 * @param kept the bytes of the members the caller asked for, by normalised path (the last entry
 *     of a path wins, as when the kernel unpacks it)
 * @param warnings facts that did not stop reading (a member too large to keep, an archive without
 *     TRAILER!!!), at most {@link Initramfs#MAX_WARNINGS}
 */
public record InitramfsContents(String name, long inputLength, List<Segment> segments, List<Member> members,
        List<KernelModule> modules, List<ModprobeConfFile> modprobeConfFiles, Map<String, byte[]> kept,
        List<String> warnings) {

    public InitramfsContents {
        Objects.requireNonNull(name);
        segments = List.copyOf(segments);
        members = List.copyOf(members);
        modules = List.copyOf(modules);
        modprobeConfFiles = List.copyOf(modprobeConfFiles);
        Map<String, byte[]> copy = new LinkedHashMap<>();
        kept.forEach((k, v) -> copy.put(k, v.clone()));
        kept = Collections.unmodifiableMap(copy);
        warnings = List.copyOf(warnings);
    }

    /** A copy of the kept bytes (the record's own map holds arrays a caller could change). */
    @Override public Map<String, byte[]> kept() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        kept.forEach((k, v) -> copy.put(k, v.clone()));
        return Collections.unmodifiableMap(copy);
    }

    /** The last module file of this name; '-' and '_' are the same. */
    public Optional<KernelModule> module(String name) {
        String n = KernelModule.normalise(name);
        KernelModule found = null;
        for (KernelModule m : modules) {
            if (m.name().equals(n)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The kept bytes of this member, if it was asked for and not above the cap. */
    public Optional<byte[]> bytes(String path) {
        byte[] b = kept.get(Initramfs.normalise(path));
        return Optional.ofNullable(b == null ? null : b.clone());
    }
}
