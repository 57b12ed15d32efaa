package org.kexecinspect.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kexecinspect.testing.Inputs;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The shell collector src/main/sh/kexec-inspect-capture, run with --root against a tree built here
 * the way the kernel and kdump-tools lay it out, filled with the real first-kernel files of the
 * QEMU/OVMF Debian 6.1 capture (native-fixtures/captures/qemu-ovmf-debian-6.1/README.md), then
 * once against this machine's own /. Every expectation comes from the tree the test built or from
 * the machine, never from the script.
 */
class ShellCollectorTest {
    static final Path SCRIPT = Inputs.projectDir().resolve("src/main/sh/kexec-inspect-capture");
    static final Path FIRST = Inputs.qemuCapture("efifb-kexec_load", "first");
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MIB = 1 << 20;
    static final Pattern NAME = Pattern.compile("kexec-inspect-capture-[A-Za-z0-9._-]+-(\\d{8}T\\d{6}Z)");

    static final String RUNNING = "6.1.0-98-amd64";
    static final String KDUMP_RELEASE = "6.1.0-99-amd64";
    static final String SECRET = "a secret outside the root";

    // ---------------------------------------------------------------------------------------
    // running the script

    record Run(int exit, String out, String err) {}

    /** The shells the collector must run under; each test assumes its shell is installed. */
    static Stream<List<String>> shells() {
        return Stream.of(List.of("/bin/sh"), List.of("dash"), List.of("busybox", "sh"), List.of("bash", "--posix"));
    }

    static boolean installed(String program) {
        return Inputs.onPath(program);
    }

    static void assumeShell(List<String> shell) {
        assumeTrue(installed(shell.get(0)), shell.get(0) + " is not installed: the collector cannot be run with it"
                + (shell.get(0).equals("/bin/sh") ? "" : " (apt-get install " + shell.get(0) + ")"));
    }

    /** Runs the collector: PREFIX (setpriv...) SHELL SCRIPT ARGS, in CWD, with extra PATH entries first. */
    static Run run(List<String> prefix, List<String> shell, Path script, Path cwd, Map<String, String> env,
            String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(shell);
        cmd.add(script.toString());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        // a fifo or a device opened by mistake would block here
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the collector did not finish in 120 s: " + cmd);
        }
        return new Run(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    static Run run(List<String> shell, Path cwd, Map<String, String> env, String... args) throws Exception {
        return run(List.of(), shell, SCRIPT, cwd, env, args);
    }

    static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------
    // reading a capture back

    /** A capture's files by root-relative path, and its manifest. */
    record Capture(String leadingDirectory, Map<String, byte[]> files) {
        JsonNode manifest() throws IOException {
            byte[] m = files.get("kexec-inspect/manifest.json");
            assertNotNull(m, "no kexec-inspect/manifest.json in " + files.keySet());
            return JSON.readTree(m);
        }

        String text(String path) {
            byte[] b = files.get(path);
            assertNotNull(b, path + " is not in the capture: " + files.keySet());
            return new String(b, StandardCharsets.UTF_8);
        }

        Set<String> read() throws IOException {
            Set<String> s = new TreeSet<>();
            manifest().get("read").forEach(n -> s.add(n.asText()));
            return s;
        }

        /** notRead as path -> reason (a path listed twice fails). */
        Map<String, String> notRead() throws IOException {
            Map<String, String> m = new TreeMap<>();
            for (JsonNode n : manifest().get("notRead")) {
                assertEquals(Set.of("path", "reason"), fieldNames(n), n.toString());
                assertNull(m.put(n.get("path").asText(), n.get("reason").asText()), "listed twice: " + n);
            }
            return m;
        }
    }

    static Set<String> fieldNames(JsonNode n) {
        Set<String> s = new TreeSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    /** A .tar.gz capture: every entry must sit under one leading directory, which is stripped. */
    static Capture readArchive(Path archive) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String lead = null;
        try (InputStream f = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(f), "UTF-8")) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
                String name = e.getName();
                int slash = name.indexOf('/');
                String top = slash < 0 ? name : name.substring(0, slash);
                if (lead == null) {
                    lead = top;
                }
                assertEquals(lead, top, "one leading directory: " + name);
                assertTrue(e.isDirectory() || e.isFile(), "only directories and regular files: " + name);
                if (e.isFile()) {
                    assertNull(files.put(name.substring(slash + 1), tar.readAllBytes()), "twice: " + name);
                }
            }
        }
        return new Capture(lead, files);
    }

    static Capture readDirectory(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                assertFalse(Files.isSymbolicLink(p), "no links in a capture: " + p);
                if (Files.isRegularFile(p)) {
                    files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
                } else {
                    assertTrue(Files.isDirectory(p), "only directories and regular files: " + p);
                }
            }
        }
        return new Capture(null, files);
    }

    static String pomVersion() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Inputs.projectDir().resolve("pom.xml").toFile()).getDocumentElement();
        for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("version")) {
                return e.getTextContent().trim();
            }
        }
        return fail("no /project/version in pom.xml");
    }

    // ---------------------------------------------------------------------------------------
    // the fake root

    static Path write(Path root, String path, byte[] bytes) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    static Path write(Path root, String path, String text) throws IOException {
        return write(root, path, text.getBytes(StandardCharsets.UTF_8));
    }

    static Path copy(Path root, String path, Path from) throws IOException {
        return write(root, path, Files.readAllBytes(from));
    }

    static void link(Path root, String path, String target) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    static void sh(String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        cmd.addAll(Arrays.asList(args));
        Inputs.exec(null, cmd.toArray(String[]::new));
    }

    /** What the fake root holds, for the assertions. */
    record Tree(Path base, Path root, Path bin, Path outside, byte[] kernel, byte[] initrd, boolean hasDevice) {}

    /**
     * A Debian root with kdump-tools configured, a PCI framebuffer device, EFI runtime-map and
     * setup_data nodes, and traps: odd names, links out of the root, a fifo, a socket, a device,
     * files at and over the 1 MiB cap, and a configuration line that would run code if sourced.
     */
    static Tree fakeTree(Path base) throws Exception {
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = Files.createDirectories(base.resolve("root"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret.conf"), SECRET);

        // the real first-kernel files of the QEMU/OVMF capture
        copy(root, "proc/iomem", FIRST.resolve("iomem.txt"));
        copy(root, "proc/cmdline", FIRST.resolve("cmdline.txt"));
        copy(root, "proc/fb", FIRST.resolve("proc_fb.txt"));
        copy(root, "sys/kernel/boot_params/data", FIRST.resolve("boot_params.bin"));
        copy(root, "sys/kernel/boot_params/version", FIRST.resolve("boot_params_version.txt"));
        copy(root, "var/crash/kexec_cmd", FIRST.resolve("kexec_cmd.txt"));
        write(root, "proc/sys/kernel/osrelease", RUNNING + "\n");
        // the cap is 1 MiB: exactly that is kept, one byte more is not
        write(root, "proc/version", "v".repeat(MIB));
        write(root, "proc/modules", new byte[MIB + 1]);
        // what ksysfs.c shows: type as "0x%x\n"
        write(root, "sys/kernel/boot_params/setup_data/0/type", "0x3\n");
        write(root, "sys/kernel/boot_params/setup_data/0/data", new byte[] {1, 2, 3});
        write(root, "sys/firmware/efi/fw_platform_size", "64\n");
        write(root, "sys/firmware/efi/runtime-map/0/type", "0x5\n");
        write(root, "sys/firmware/efi/runtime-map/0/phys_addr", "0x7f9ec000\n");

        // sysfs: the PCI device is a link to its place under devices/, the framebuffer too
        String dev = "sys/devices/pci0000:00/0000:00:08.0";
        write(root, dev + "/vendor", "0x1414\n");
        write(root, dev + "/device", "0x5353\n");
        write(root, dev + "/class", "0x030000\n");
        Files.createDirectories(root.resolve("sys/bus/pci/drivers/hyperv_drm"));
        link(root, dev + "/driver", "../../../bus/pci/drivers/hyperv_drm");
        link(root, "sys/bus/pci/devices/0000:00:08.0", "../../../devices/pci0000:00/0000:00:08.0");
        write(root, dev + "/graphics/fb0/name", "hyperv_drmdrmfb\n");
        write(root, dev + "/graphics/fb0/virtual_size", "1024,768\n");
        link(root, dev + "/graphics/fb0/device", "../../../0000:00:08.0");
        link(root, "sys/class/graphics/fb0", "../../devices/pci0000:00/0000:00:08.0/graphics/fb0");
        write(root, "sys/devices/virtual/graphics/fbcon/name", "not a framebuffer\n");
        link(root, "sys/class/graphics/fbcon", "../../devices/virtual/graphics/fbcon");
        write(root, "sys/devices/virtual/block/vda/dev", "254:0\n");
        link(root, "sys/block/vda", "../devices/virtual/block/vda");
        link(root, "sys/class/block/vda", "../../devices/virtual/block/vda");

        // kdump-tools as Debian ships it: links in /var/lib/kdump, one absolute, one relative
        write(root, "etc/default/kdump-tools", String.join("\n",
                "# kdump-tools configuration",
                "USE_KDUMP=1",
                "KDUMP_KERNEL=/var/lib/kdump/vmlinuz   # kept by kdump-config symlinks",
                "KDUMP_INITRD=\"/var/lib/kdump/initrd.img\"",
                "KDUMP_COREDIR='/var/crash'",
                "KDUMP_CMDLINE_APPEND=\"$(touch " + base.resolve("pwned") + ")\"",
                "`touch " + base.resolve("pwned2") + "`",
                ""));
        // stand-ins: the collector copies bytes; every byte value, to prove the copy is binary-safe
        byte[] kernel = new byte[256 * 64];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (byte) i;
        }
        byte[] initrd = "an initramfs stand-in\0\377".getBytes(StandardCharsets.ISO_8859_1);
        write(root, "boot/vmlinuz-" + KDUMP_RELEASE, kernel);
        write(root, "var/lib/kdump/initrd.img-" + KDUMP_RELEASE, initrd);
        link(root, "var/lib/kdump/vmlinuz", "/boot/vmlinuz-" + KDUMP_RELEASE);
        link(root, "var/lib/kdump/initrd.img", "initrd.img-" + KDUMP_RELEASE);
        write(root, "boot/config-" + KDUMP_RELEASE, "CONFIG_HYPERV=m\n");
        // /lib -> usr/lib, as on a merged-/usr system: the capture has lib/... as the format names it
        write(root, "usr/lib/modules/" + KDUMP_RELEASE + "/kernel/drivers/hv/hv_vmbus.ko.xz", "a module stand-in");
        write(root, "usr/lib/modules/" + KDUMP_RELEASE + "/modules.builtin", "kernel/drivers/video/fbdev/efifb.ko\n");
        write(root, "usr/lib/modprobe.d/systemd.conf", "options bonding max_bonds=0\n");
        link(root, "lib", "usr/lib");

        // modprobe.d names a shell or a JSON writer could get wrong, and the traps
        write(root, "etc/modprobe.d/my \"quoted\" opts.conf", "options a\n");
        write(root, "etc/modprobe.d/back\\slash.conf", "options b\n");
        write(root, "etc/modprobe.d/new\nline.conf", "options c\n");
        write(root, "etc/modprobe.d/tab\tand\u0001control.conf", "options d\n");
        sh("printf 'options e\\n' > \"$1/etc/modprobe.d/$(printf '\\377')bad.conf\"", root.toString());
        link(root, "etc/modprobe.d/escape.conf", "../../../outside/secret.conf");
        link(root, "etc/modprobe.d/absolute.conf", outside.resolve("secret.conf").toString());
        link(root, "etc/modprobe.d/loop.conf", "loop.conf");
        sh("mkfifo \"$1\"", root.resolve("etc/modprobe.d/fifo.conf").toString());
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(root.resolve("etc/modprobe.d/socket.conf")));
        }
        boolean hasDevice = new ProcessBuilder("mknod", root.resolve("etc/modprobe.d/zero.conf").toString(),
                "c", "1", "5").start().waitFor() == 0;

        // kexec on PATH prints what Debian's kexec-tools 2.0.25 printed in the capture
        Path bin = Files.createDirectories(base.resolve("bin"));
        Files.copy(FIRST.resolve("kexec_version.txt"), bin.resolve("kexec_version.txt"));
        Files.writeString(bin.resolve("kexec"), "#!/bin/sh\nexec cat \"$(dirname \"$0\")/kexec_version.txt\"\n");
        Files.setPosixFilePermissions(bin.resolve("kexec"), PosixFilePermissions.fromString("rwxr-xr-x"));
        // an fbset that fails: run only when this machine has a /dev/fb0
        Files.writeString(bin.resolve("fbset"), "#!/bin/sh\necho 'open /dev/fb0: stand-in refuses' >&2\nexit 3\n");
        Files.setPosixFilePermissions(bin.resolve("fbset"), PosixFilePermissions.fromString("rwxr-xr-x"));

        sh("chmod -R a+rX \"$1\"", base.toString());
        return new Tree(base, root, bin, outside, kernel, initrd, hasDevice);
    }

    static Map<String, String> pathFirst(Path bin) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return env;
    }

    static byte[] bytes(Path p) throws IOException {
        return Files.readAllBytes(p);
    }

    // ---------------------------------------------------------------------------------------
    // the tests

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void writesTheFakeRootAsAnArchiveNamedForHostAndTime(List<String> shell, @TempDir Path tmp) throws Exception {
        assumeShell(shell);
        Tree t = fakeTree(tmp);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Instant before = Instant.now().minusSeconds(1);
        Run r = run(shell, out, pathFirst(t.bin()), "--root", t.root().toString());
        Instant after = Instant.now().plusSeconds(1);
        assertEquals(0, r.exit(), r.err());

        // the default name, and the archive's one leading directory is that name
        List<Path> written;
        try (Stream<Path> s = Files.list(out)) {
            written = s.toList();
        }
        assertEquals(1, written.size(), written.toString());
        String file = written.get(0).getFileName().toString();
        assertTrue(file.endsWith(".tar.gz"), file);
        String name = file.substring(0, file.length() - ".tar.gz".length());
        Matcher m = NAME.matcher(name);
        assertTrue(m.matches(), name);
        assertEquals("./" + file, r.out().strip(), "stdout names the output");
        Capture c = readArchive(written.get(0));
        assertEquals(name, c.leadingDirectory());

        // the manifest: format, collector, a UTC time that is the one in the name, this user
        JsonNode manifest = c.manifest();
        assertEquals(Set.of("format", "collector", "time", "uid", "read", "notRead"), fieldNames(manifest));
        assertEquals(1, manifest.get("format").asInt());
        assertEquals("kexec-inspect-capture", manifest.get("collector").get("name").asText());
        assertEquals(pomVersion(), manifest.get("collector").get("version").asText());
        String time = manifest.get("time").asText();
        assertTrue(time.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), time);
        Instant at = Instant.parse(time);
        assertFalse(at.isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), time);
        assertFalse(at.isAfter(after), time);
        assertEquals(time.replace("-", "").replace(":", ""), m.group(1));
        assertEquals(0, manifest.get("uid").asInt(), "the test runs as root");

        assertFakeRootCopied(t, c, true);
        assertFalse(Files.exists(tmp.resolve("pwned")) || Files.exists(tmp.resolve("pwned2")),
                "the kdump-tools file was run, not read");
    }

    /** What any run over the fake root must have produced (images: with the kdump files). */
    static void assertFakeRootCopied(Tree t, Capture c, boolean images) throws IOException {
        Path root = t.root();
        Set<String> read = c.read();
        Map<String, String> notRead = c.notRead();

        // copied byte for byte, under their paths
        for (String p : List.of("proc/iomem", "proc/cmdline", "proc/fb", "proc/version", "proc/sys/kernel/osrelease",
                "sys/kernel/boot_params/data", "sys/kernel/boot_params/version",
                "sys/kernel/boot_params/setup_data/0/type", "sys/kernel/boot_params/setup_data/0/data",
                "sys/firmware/efi/fw_platform_size", "sys/firmware/efi/runtime-map/0/type",
                "sys/firmware/efi/runtime-map/0/phys_addr", "etc/default/kdump-tools",
                "sys/bus/pci/devices/0000:00:08.0/vendor", "sys/bus/pci/devices/0000:00:08.0/device",
                "sys/bus/pci/devices/0000:00:08.0/class", "sys/class/graphics/fb0/name",
                "sys/class/graphics/fb0/virtual_size", "sys/block/vda/dev",
                "etc/modprobe.d/my \"quoted\" opts.conf", "etc/modprobe.d/back\\slash.conf",
                "etc/modprobe.d/new\nline.conf", "etc/modprobe.d/tab\tand\u0001control.conf",
                "lib/modprobe.d/systemd.conf", "usr/lib/modprobe.d/systemd.conf",
                "var/crash/kexec_cmd", "boot/config-" + KDUMP_RELEASE,
                "lib/modules/" + KDUMP_RELEASE + "/modules.builtin",
                "lib/modules/" + KDUMP_RELEASE + "/kernel/drivers/hv/hv_vmbus.ko.xz")) {
            assertArrayEquals(bytes(root.resolve(p)), c.files().get(p), p);
            assertTrue(read.contains(p), p + " in read");
        }
        assertEquals(4096, c.files().get("sys/kernel/boot_params/data").length);
        // the name byte 0xff is no UTF-8: the manifest says U+FFFD, the file is still copied
        assertTrue(read.contains("etc/modprobe.d/\uFFFDbad.conf"), read.toString());
        assertEquals(5, read.stream().filter(p -> p.startsWith("etc/modprobe.d/")).count(), read.toString());
        // the recorded kexec command, also in kexec-inspect/
        assertArrayEquals(bytes(root.resolve("var/crash/kexec_cmd")), c.files().get("kexec-inspect/kexec_cmd"));
        // kexec --version from PATH
        assertArrayEquals(bytes(t.bin().resolve("kexec_version.txt")), c.files().get("kexec-inspect/kexec-version"));
        assertTrue(read.containsAll(List.of("kexec-inspect/kexec-version", "kexec-inspect/uname")), read.toString());

        // the kdump kernel and initramfs, under the paths kdump-tools names, through their links
        if (images) {
            assertArrayEquals(t.kernel(), c.files().get("var/lib/kdump/vmlinuz"));
            assertArrayEquals(t.initrd(), c.files().get("var/lib/kdump/initrd.img"));
            assertTrue(read.containsAll(List.of("var/lib/kdump/vmlinuz", "var/lib/kdump/initrd.img")));
        } else {
            assertNull(c.files().get("var/lib/kdump/vmlinuz"));
            assertNull(c.files().get("var/lib/kdump/initrd.img"));
            assertEquals("not collected: --without-images", notRead.get("var/lib/kdump/vmlinuz"));
            assertEquals("not collected: --without-images", notRead.get("var/lib/kdump/initrd.img"));
        }

        // the links, as readlink prints them; fbcon is not a framebuffer
        assertEquals(Set.of(
                "sys/class/graphics/fb0/device -> ../../../0000:00:08.0",
                "sys/class/graphics/fb0/device/driver -> ../../../bus/pci/drivers/hyperv_drm",
                "sys/bus/pci/devices/0000:00:08.0 -> ../../../devices/pci0000:00/0000:00:08.0",
                "sys/bus/pci/devices/0000:00:08.0/driver -> ../../../bus/pci/drivers/hyperv_drm",
                "sys/block/vda -> ../devices/virtual/block/vda",
                "sys/class/block/vda -> ../../devices/virtual/block/vda",
                "var/lib/kdump/vmlinuz -> /boot/vmlinuz-" + KDUMP_RELEASE,
                "var/lib/kdump/initrd.img -> initrd.img-" + KDUMP_RELEASE),
                Set.copyOf(Arrays.asList(c.text("kexec-inspect/links").split("\n"))));
        assertFalse(c.files().keySet().stream().anyMatch(p -> p.contains("fbcon")), c.files().keySet().toString());
        assertEquals(markerDirs(t.root()), c.text("kexec-inspect/dirs"), "every marker directory of the fake tree");

        // the cap, the traps, and what needs an ioctl
        assertEquals("too large", notRead.get("proc/modules"));
        assertEquals("error: a symbolic link leads outside the root", notRead.get("etc/modprobe.d/escape.conf"));
        assertEquals("absent", notRead.get("etc/modprobe.d/absolute.conf"), "an absolute link starts at the root");
        assertEquals("error: too many levels of symbolic links", notRead.get("etc/modprobe.d/loop.conf"));
        assertEquals("error: not a regular file", notRead.get("etc/modprobe.d/fifo.conf"));
        assertEquals("error: not a regular file", notRead.get("etc/modprobe.d/socket.conf"));
        if (t.hasDevice()) {
            assertEquals("error: not a regular file", notRead.get("etc/modprobe.d/zero.conf"));
        }
        assertEquals("not collected: needs an ioctl", notRead.get("kexec-inspect/fb0.fix"));
        assertEquals("not collected: needs an ioctl", notRead.get("kexec-inspect/fb0.var"));
        assertFalse(c.files().containsKey("kexec-inspect/fb0.fix") || c.files().containsKey("kexec-inspect/fb0.var"));
        // absent files of the format are listed as such
        for (String p : List.of("sys/kernel/security/lockdown", "etc/sysconfig/kdump", "sys/firmware/efi/systab",
                "sys/bus/vmbus/devices", "boot/config-" + RUNNING, "lib/modules/" + RUNNING + "/modules.builtin",
                "lib/modules/" + RUNNING + "/kernel/drivers/hv/hv_vmbus.ko")) {
            assertEquals("absent", notRead.get(p), p);
        }
        assertEquals(Files.exists(Path.of("/dev/fb0")) ? "error: stand-in refuses"
                : "absent", notRead.get("kexec-inspect/fbset-i.txt"));

        // nothing from outside the root, and the manifest matches the files exactly
        for (Map.Entry<String, byte[]> e : c.files().entrySet()) {
            assertFalse(new String(e.getValue(), StandardCharsets.ISO_8859_1).contains(SECRET), e.getKey());
        }
        Set<String> stored = new TreeSet<>(c.files().keySet());
        stored.removeAll(List.of("kexec-inspect/manifest.json", "kexec-inspect/links", "kexec-inspect/dirs"));
        // the 0xff name reads back as the JVM's file-name encoding decodes it
        stored.removeIf(p -> p.endsWith("bad.conf"));
        Set<String> listed = new TreeSet<>(read);
        listed.removeIf(p -> p.endsWith("bad.conf"));
        assertEquals(listed, stored);
        for (String p : notRead.keySet()) {
            assertFalse(read.contains(p), p + " both read and not read");
        }
    }

    /** A machine with busybox and nothing else: every tool the script runs is a busybox applet. */
    @Test
    void runsWithBusyboxAppletsAlone(@TempDir Path tmp) throws Exception {
        assumeTrue(installed("busybox"), "busybox is not installed (apt-get install busybox)");
        Tree t = fakeTree(tmp);
        Path applets = Files.createDirectories(tmp.resolve("applets"));
        Path busybox = Path.of(Inputs.exec(null, "sh", "-c", "command -v busybox").strip()).toRealPath();
        for (String applet : Inputs.exec(null, busybox.toString(), "--list").split("\n")) {
            if (!applet.isBlank()) {
                Files.createSymbolicLink(applets.resolve(applet.strip()), busybox);
            }
        }
        Path out = tmp.resolve("bb.tar.gz");
        Run r = run(List.of(busybox.toString(), "sh"), tmp, Map.of("PATH", t.bin() + ":" + applets),
                "--root", t.root().toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertFakeRootCopied(t, readArchive(out), true);
    }

    @Test
    void writesADirectoryTreeAndLeavesImagesOutWhenAsked(@TempDir Path tmp) throws Exception {
        List<String> shell = List.of("/bin/sh");
        assumeShell(shell);
        Tree t = fakeTree(tmp);
        Path out = tmp.resolve("capture");
        Run r = run(shell, tmp, pathFirst(t.bin()), "--root", t.root().toString(), "--without-images",
                "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertFakeRootCopied(t, readDirectory(out), false);
    }

    @Test
    void readsAsNobodyAndListsWhatItMayNotRead(@TempDir Path tmp) throws Exception {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")),
                "needs root to switch to nobody");
        assumeTrue(installed("setpriv"), "setpriv is not installed (apt-get install util-linux)");
        List<String> shell = List.of("/bin/sh");
        assumeShell(shell);
        Tree t = fakeTree(tmp);
        // root-only files, as the kernel makes them (runtime-map is 0400, so is the kdump initramfs)
        for (String p : List.of("sys/firmware/efi/runtime-map/0/type", "sys/firmware/efi/runtime-map/0/phys_addr",
                "var/lib/kdump/initrd.img-" + KDUMP_RELEASE)) {
            Files.setPosixFilePermissions(t.root().resolve(p), PosixFilePermissions.fromString("r--------"));
        }
        Path script = Files.copy(SCRIPT, tmp.resolve("kexec-inspect-capture"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path archive = out.resolve("nobody.tar.gz");

        Run r = run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), shell, script, out,
                pathFirst(t.bin()), "--root", t.root().toString(), "-o", archive.toString());
        assertEquals(0, r.exit(), r.err());
        Capture c = readArchive(archive);
        assertEquals(65534, c.manifest().get("uid").asInt());
        Map<String, String> notRead = c.notRead();
        assertEquals("not permitted", notRead.get("sys/firmware/efi/runtime-map/0/type"));
        assertEquals("not permitted", notRead.get("sys/firmware/efi/runtime-map/0/phys_addr"));
        assertEquals("not permitted", notRead.get("var/lib/kdump/initrd.img"));
        // runtime-map exists though nothing under it could be copied: its presence is still recorded
        assertTrue(c.text("kexec-inspect/dirs").contains("sys/firmware/efi/runtime-map\n"), c.text("kexec-inspect/dirs"));
        assertArrayEquals(bytes(t.root().resolve("proc/iomem")), c.files().get("proc/iomem"));
        assertArrayEquals(t.kernel(), c.files().get("var/lib/kdump/vmlinuz"));
    }

    @Test
    void followsFedoraKdumpUtilsToTheKernelAndItsKdumpInitramfs(@TempDir Path tmp) throws Exception {
        List<String> shell = List.of("/bin/sh");
        assumeShell(shell);
        Path root = tmp.resolve("root");
        String rel = "6.9.5-200.fc40.x86_64";
        write(root, "proc/sys/kernel/osrelease", "6.8.0-1.fc40.x86_64\n");
        // the shipped /etc/sysconfig/kdump sets these two; KDUMP_KERNELVER picks another kernel
        write(root, "etc/sysconfig/kdump", "KDUMP_KERNELVER=\"" + rel + "\"\nKDUMP_IMG=\"vmlinuz\"\nKDUMP_IMG_EXT=\"\"\n");
        write(root, "etc/kdump.conf", "path /var/crash\ncore_collector makedumpfile -l --message-level 7 -d 31\n");
        byte[] kernel = "kernel stand-in".getBytes(StandardCharsets.UTF_8);
        byte[] initrd = "kdump initramfs stand-in".getBytes(StandardCharsets.UTF_8);
        write(root, "boot/vmlinuz-" + rel, kernel);
        write(root, "boot/initramfs-" + rel + ".img", "the normal initramfs");
        write(root, "boot/initramfs-" + rel + "kdump.img", initrd);
        write(root, "boot/config-" + rel, "CONFIG_HYPERV=y\n");
        Path out = tmp.resolve("capture");
        Run r = run(shell, tmp, Map.of(), "--root", root.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        Capture c = readDirectory(out);
        assertArrayEquals(kernel, c.files().get("boot/vmlinuz-" + rel));
        assertArrayEquals(initrd, c.files().get("boot/initramfs-" + rel + "kdump.img"));
        assertFalse(c.files().containsKey("boot/initramfs-" + rel + ".img"), "the normal initramfs is not kdump's");
        assertTrue(c.read().containsAll(List.of("etc/sysconfig/kdump", "etc/kdump.conf", "boot/config-" + rel)));
        assertEquals("absent", c.notRead().get("boot/config-6.8.0-1.fc40.x86_64"));
    }

    @Test
    void debianWithoutAKdumpKernelSettingTakesTheRunningKernel(@TempDir Path tmp) throws Exception {
        List<String> shell = List.of("/bin/sh");
        assumeShell(shell);
        Path root = tmp.resolve("root");
        write(root, "proc/sys/kernel/osrelease", RUNNING + "\n");
        // kdump-config's locate_kdump_kernel: no KDUMP_KERNEL -> /boot/vmlinuz-$(uname -r), /boot/initrd.img-...
        write(root, "etc/default/kdump-tools", "USE_KDUMP=1\n#KDUMP_KERNEL=/var/lib/kdump/vmlinuz\nKDUMP_COREDIR=/srv/crash\n");
        write(root, "boot/vmlinuz-" + RUNNING, "running kernel");
        write(root, "srv/crash/kexec_cmd", "/sbin/kexec -p --command-line=\"x\" /boot/vmlinuz-" + RUNNING + "\n");
        Path out = tmp.resolve("capture");
        Run r = run(shell, tmp, Map.of(), "--root", root.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        Capture c = readDirectory(out);
        assertEquals("running kernel", c.text("boot/vmlinuz-" + RUNNING));
        assertEquals("absent", c.notRead().get("boot/initrd.img-" + RUNNING));
        assertEquals(c.text("srv/crash/kexec_cmd"), c.text("kexec-inspect/kexec_cmd"));
        assertEquals("", c.text("kexec-inspect/links"));
    }

    /**
     * Debian unstable's 7.x packages: the image only as usr/lib/modules/REL/vmlinuz (linux-binary-REL),
     * the config as usr/lib/modules/REL/config (linux-base-REL), nothing under /boot, /lib a link to
     * usr/lib; the running kernel's own config in /proc/config.gz. The collector copies all of them.
     */
    @Test
    void debianUnstableKeepsTheKernelAndItsConfigInUsrLibModules(@TempDir Path tmp) throws Exception {
        List<String> shell = List.of("/bin/sh");
        assumeShell(shell);
        String rel = "7.2.13+deb14-amd64";
        Path root = tmp.resolve("root");
        write(root, "proc/sys/kernel/osrelease", rel + "\n");
        write(root, "proc/config.gz", "a gzip stand-in\0");
        write(root, "etc/default/kdump-tools", "USE_KDUMP=1\n#KDUMP_KERNEL=/var/lib/kdump/vmlinuz\n");
        write(root, "usr/lib/modules/" + rel + "/vmlinuz", "unstable's kernel");
        write(root, "usr/lib/modules/" + rel + "/config", "CONFIG_PCI_HYPERV=y\n");
        link(root, "lib", "usr/lib");
        Path out = tmp.resolve("capture");
        Run r = run(shell, tmp, Map.of(), "--root", root.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        Capture c = readDirectory(out);
        assertEquals("unstable's kernel", c.text("usr/lib/modules/" + rel + "/vmlinuz"));
        assertEquals("CONFIG_PCI_HYPERV=y\n", c.text("usr/lib/modules/" + rel + "/config"));
        assertEquals("CONFIG_PCI_HYPERV=y\n", c.text("lib/modules/" + rel + "/config"));
        assertEquals("a gzip stand-in\0", c.text("proc/config.gz"));
        assertEquals("absent", c.notRead().get("boot/config-" + rel));
        assertEquals("absent", c.notRead().get("boot/initrd.img-" + rel));
    }

    @Test
    void aConfiguredPathCanNeitherLeaveTheCaptureNorReplaceTheManifest(@TempDir Path tmp) throws Exception {
        List<String> shell = List.of("/bin/sh");
        assumeShell(shell);
        Path root = tmp.resolve("root");
        write(root, "kexec-inspect/manifest.json", "not the collector's");
        write(root, "etc/default/kdump-tools",
                "KDUMP_KERNEL=/../../kexec-inspect/manifest.json\nKDUMP_INITRD=/../../../boot/initrd.img\nKDUMP_COREDIR=/../..\n");
        write(root, "boot/initrd.img", "the initrd");
        write(root, "kexec_cmd", "/sbin/kexec -p /boot/vmlinuz\n");
        Path out = tmp.resolve("capture");
        Run r = run(shell, tmp, Map.of(), "--root", root.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        Capture c = readDirectory(out);
        assertEquals(1, c.manifest().get("format").asInt(), c.text("kexec-inspect/manifest.json"));
        assertFalse(c.read().contains("kexec-inspect/manifest.json"));
        // ".." stops at the root, as it does for the kernel at /
        assertEquals("the initrd", c.text("boot/initrd.img"));
        assertEquals(c.text("kexec_cmd"), c.text("kexec-inspect/kexec_cmd"));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(Set.of("root", "capture"), Set.copyOf(s.map(p -> p.getFileName().toString()).toList()),
                    "nothing written beside the root and the output");
        }
    }

    @Test
    void capturesThisMachine(@TempDir Path tmp) throws Exception {
        List<String> shell = List.of("/bin/sh");
        assumeShell(shell);
        Path live = Path.of("/sys/kernel/boot_params/data");
        assumeTrue(Files.isReadable(live), "not an x86 Linux machine with " + live);
        Path out = tmp.resolve("capture");
        Run r = run(shell, tmp, Map.of(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        Capture c = readDirectory(out);
        assertArrayEquals(bytes(Path.of("/proc/cmdline")), c.files().get("proc/cmdline"));
        assertTrue(c.text("proc/iomem").contains("System RAM"), c.text("proc/iomem"));
        byte[] data = c.files().get("sys/kernel/boot_params/data");
        assertNotNull(data);
        assertEquals(4096, data.length);
        assertArrayEquals(bytes(live), data);
        assertEquals(Inputs.exec(null, "uname", "-a"), c.text("kexec-inspect/uname"));
        assertEquals(Inputs.exec(null, "uname", "-r").strip(), c.text("proc/sys/kernel/osrelease").strip());
        assertTrue(c.text("proc/mounts").contains(" /proc proc "), "proc/mounts through /proc/self");
        Map<String, String> notRead = c.notRead();
        assertEquals("not collected: needs an ioctl", notRead.get("kexec-inspect/fb0.fix"));
        assertEquals("not collected: needs an ioctl", notRead.get("kexec-inspect/fb0.var"));
        assertEquals(0, c.manifest().get("uid").asInt());
        assertTrue(c.read().containsAll(List.of("proc/cmdline", "proc/iomem", "sys/kernel/boot_params/data")));
    }

    @Test
    void neverReplacesAnOutputThatExists(@TempDir Path tmp) throws Exception {
        List<String> shell = List.of("/bin/sh");
        assumeShell(shell);
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path existing = Files.writeString(tmp.resolve("old.tar.gz"), "keep me");
        Run r = run(shell, tmp, Map.of(), "--root", root.toString(), "-o", existing.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("keep me", Files.readString(existing));
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("x"), "keep me too");
        r = run(shell, tmp, Map.of(), "--root", root.toString(), "-o", full.toString());
        assertEquals(1, r.exit(), r.err());
        try (Stream<Path> s = Files.list(full)) {
            assertEquals(List.of(full.resolve("x")), s.toList());
        }
    }

    @Test
    void rejectsAWrongCommandLineWithExitStatus2(@TempDir Path tmp) throws Exception {
        List<String> shell = List.of("/bin/sh");
        assumeShell(shell);
        for (String[] args : List.of(new String[] {"--bogus"}, new String[] {"-o"}, new String[] {"extra"},
                new String[] {"--root", tmp.resolve("missing").toString()})) {
            Run r = run(shell, tmp, Map.of(), args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("kexec-inspect-capture: "), r.err());
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(0, s.count(), "nothing written");
        }
        Run help = run(shell, tmp, Map.of(), "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().startsWith("Usage: kexec-inspect-capture "), help.out());
    }

    @Test
    void removesItsTemporaryDirectoryAlsoWhenTerminated(@TempDir Path tmp) throws Exception {
        List<String> shell = List.of("/bin/sh");
        assumeShell(shell);
        Path root = Files.createDirectories(tmp.resolve("root"));
        write(root, "proc/cmdline", "quiet\n");
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        Map<String, String> env = new HashMap<>();
        env.put("TMPDIR", scratch.toString());

        Run r = run(shell, tmp, env, "--root", root.toString(), "-o", tmp.resolve("a.tar.gz").toString());
        assertEquals(0, r.exit(), r.err());
        try (Stream<Path> s = Files.list(scratch)) {
            assertEquals(List.of(), s.toList());
        }

        // a kexec that takes its time: the collector is terminated while it waits
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path started = tmp.resolve("started");
        Files.writeString(bin.resolve("kexec"), "#!/bin/sh\n: > '" + started + "'\nsleep 2\necho kexec-tools 2.0.25\n");
        Files.setPosixFilePermissions(bin.resolve("kexec"), PosixFilePermissions.fromString("rwxr-xr-x"));
        env.putAll(pathFirst(bin));
        List<String> cmd = new ArrayList<>(shell);
        cmd.addAll(List.of(SCRIPT.toString(), "--root", root.toString(), "-o", tmp.resolve("b.tar.gz").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(started)) {
            assertTrue(Instant.now().isBefore(deadline), "kexec was never run");
            Thread.sleep(20);
        }
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue());
        try (Stream<Path> s = Files.list(scratch)) {
            assertEquals(List.of(), s.toList());
        }
        assertFalse(Files.exists(tmp.resolve("b.tar.gz")), "no partial output");
    }

    @Test
    void versionIsThePomVersion(@TempDir Path tmp) throws Exception {
        String version = pomVersion();
        List<String> lines = Files.readAllLines(SCRIPT).stream().filter(l -> l.startsWith("VERSION=")).toList();
        assertEquals(List.of("VERSION=" + version), lines);
        List<String> shell = List.of("/bin/sh");
        assumeShell(shell);
        Run r = run(shell, tmp, Map.of(), "--version");
        assertEquals(0, r.exit(), r.err());
        assertEquals("kexec-inspect-capture " + version + "\n", r.out());
    }

    @Test
    void isShellcheckCleanAsPosixSh() throws Exception {
        assumeTrue(installed("shellcheck"), "shellcheck is not installed (apt-get install shellcheck)");
        Process p = new ProcessBuilder("shellcheck", "-s", "sh", SCRIPT.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    /** The capture format's marker directories that exist in a tree, in the format's order. */
    static String markerDirs(Path root) {
        StringBuilder b = new StringBuilder();
        for (String d : List.of("sys/firmware", "sys/firmware/efi", "sys/firmware/efi/runtime-map", "sys/bus", "sys/bus/vmbus")) {
            if (Files.isDirectory(root.resolve(d))) {
                b.append(d).append('\n');
            }
        }
        return b.toString();
    }
}
