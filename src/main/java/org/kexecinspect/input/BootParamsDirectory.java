package org.kexecinspect.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.SetupData;

/**
 * The directory /sys/kernel/boot_params, or a copy of it: {@code data} (the 4096-byte zero page
 * the running kernel received), {@code version} ("0x%04x" of hdr.version) and
 * {@code setup_data/N/{type,data}} in list order (arch/x86/kernel/ksysfs.c; Documentation/ABI/testing/sysfs-kernel-boot_params).
 *
 * @param version the version file's value, or null when the file is absent
 */
public record BootParamsDirectory(BootParams bootParams, Integer version, List<SetupData> setupData) {

    /** Most setup_data nodes read; real systems have a handful. */
    public static final int MAX_SETUP_DATA_NODES = 256;
    /** Largest setup_data payload read (option ROMs under SETUP_PCI are the big ones). */
    public static final int MAX_SETUP_DATA_LENGTH = 16 << 20;
    /** Largest type or version text read. */
    private static final int MAX_TEXT = 64;

    public BootParamsDirectory {
        setupData = List.copyOf(setupData);
    }

    public static BootParamsDirectory read(Path dir, String name) throws FormatException {
        Path data = dir.resolve("data");
        String dataName = name + "/data";
        if (!Files.exists(data)) {
            throw new FormatException(name, -1, "a directory without \"data\": not /sys/kernel/boot_params or a copy of it");
        }
        ByteSource page = Inputs.readSmallFile(data, dataName, BootParams.SIZE);
        if (page.size() != BootParams.SIZE) {
            throw new FormatException(dataName, page.size(), "boot_params data is " + page.size()
                    + " bytes, expected exactly " + BootParams.SIZE);
        }
        BootParams bp = BootParams.read(page);

        Integer version = null;
        Path versionPath = dir.resolve("version");
        if (Files.exists(versionPath)) {
            version = (int) hexText(versionPath, name + "/version", 0xffff);
        }
        return new BootParamsDirectory(bp, version, setupData(dir.resolve("setup_data"), name + "/setup_data"));
    }

    private static List<SetupData> setupData(Path dir, String name) throws FormatException {
        List<SetupData> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        TreeMap<Integer, Path> nodes = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (!n.matches("[0-9]{1,4}")) {
                    throw new FormatException(name + "/" + n, -1, "unexpected entry: setup_data holds only numbered nodes");
                }
                if (nodes.size() == MAX_SETUP_DATA_NODES) {
                    throw new FormatException(name, -1, "more than " + MAX_SETUP_DATA_NODES + " setup_data nodes");
                }
                nodes.put(Integer.parseInt(n), p);
            }
        } catch (IOException e) {
            throw Inputs.ioError(name, -1, e);
        }
        int expected = 0;
        for (var e : nodes.entrySet()) {
            String nodeName = name + "/" + e.getKey();
            if (e.getKey() != expected++) {
                throw new FormatException(nodeName, -1, "setup_data nodes are numbered from 0 without gaps; "
                        + "node " + (expected - 1) + " is missing");
            }
            long type = hexText(e.getValue().resolve("type"), nodeName + "/type", 0xffffffffL);
            ByteSource payload = Inputs.readSmallFile(e.getValue().resolve("data"), nodeName + "/data",
                    MAX_SETUP_DATA_LENGTH);
            out.add(SetupData.decode(e.getKey(), type, payload));
        }
        return out;
    }

    /** A sysfs number written as "0x%x\n". */
    private static long hexText(Path path, String name, long max) throws FormatException {
        ByteSource src = Inputs.readSmallFile(path, name, MAX_TEXT);
        String text = new String(src.read(0, (int) src.size()), StandardCharsets.US_ASCII).trim();
        if (!text.matches("0[xX][0-9a-fA-F]{1,8}")) {
            throw new FormatException(name, 0, "expected a hex number like 0x20f, found \"" + printable(text) + "\"");
        }
        long v = Long.parseLong(text.substring(2), 16);
        if (v > max) {
            throw new FormatException(name, 0, text + " is out of range (at most 0x" + Long.toHexString(max) + ")");
        }
        return v;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (b.length() >= 40) {
                b.append("...");
                break;
            }
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
