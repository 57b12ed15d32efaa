package org.kexecinspect.input;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import org.kexecinspect.format.ArtifactKind;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.fb.FbFix;
import org.kexecinspect.format.fb.FbVar;
import org.kexecinspect.format.fb.FbsetText;
import org.kexecinspect.format.text.KdumpConf;
import org.kexecinspect.format.text.KdumpSysconfig;
import org.kexecinspect.format.text.KdumpToolsConfig;
import org.kexecinspect.format.text.KernelConfig;
import org.kexecinspect.format.text.KexecArgs;
import org.kexecinspect.format.text.ProcIomem;

/**
 * The small artifacts of a system that `inspect` reads on their own: the raw fb structs, and the
 * text files (fbset -i, /proc/iomem, a kernel .config, kdump configuration, a recorded kexec command).
 * Told apart by size and content, never by name.
 */
final class TextArtifacts {
    private TextArtifacts() {}

    /** The largest text artifact is a kernel config (KernelConfig's own cap). */
    static final long TEXT_CAP = KernelConfig.MAX_INPUT_SIZE;
    private static final int HEAD = 64 * 1024;

    private static final Pattern IOMEM_LINE = Pattern.compile("\\s*[0-9a-f]{1,16}-[0-9a-f]{1,16} : .*");
    private static final Pattern CONFIG_LINE = Pattern.compile("(?m)^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$)");
    private static final Pattern KDUMP_TOOLS = Pattern.compile("(?m)^\\s*(export\\s+)?(USE_KDUMP|KDUMP_COREDIR|KDUMP_KEXEC_ARGS|KDUMP_KERNEL|KDUMP_INITRD)=");
    private static final Pattern SYSCONFIG = Pattern.compile("(?m)^\\s*(export\\s+)?(KEXEC_ARGS|KDUMP_COMMANDLINE(_APPEND|_REMOVE)?|KDUMP_KERNELVER|KDUMP_IMG)=");
    private static final Pattern KDUMP_CONF = Pattern.compile("(?m)^(path|core_collector|failure_action|final_action|default|raw|ssh|nfs|sshkey|kdump_pre|kdump_post|dracut_args|auto_reset_crashkernel)\\s");
    private static final Pattern KEXEC_CMD = Pattern.compile("\\A\\s*(\\S*/)?kexec\\s");

    /** The kind of a small binary or text file, or null when it is none of these. */
    static ArtifactKind detect(ByteSource file) throws FormatException {
        long size = file.size();
        if (size == 0 || size > TEXT_CAP) {
            return null;
        }
        byte[] head = file.read(0, (int) Math.min(size, HEAD));
        boolean binary = false;
        for (byte b : head) {
            if (b == 0) {
                binary = true;
                break;
            }
        }
        if (binary) {
            if ((size == FbFix.SIZE_LP64 || size == FbFix.SIZE_ILP32) && looksLikeFixId(head)
                    && looksLikeFix(head, size == FbFix.SIZE_LP64)) {
                return ArtifactKind.FB_FIX;
            }
            return size == FbVar.SIZE && looksLikeVar(head) ? ArtifactKind.FB_VAR : null;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String first = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        if (text.contains("Frame buffer device information:")) {
            return ArtifactKind.FBSET;
        }
        if (IOMEM_LINE.matcher(first).matches()) {
            return ArtifactKind.IOMEM;
        }
        if (KEXEC_CMD.matcher(text).find()) {
            return ArtifactKind.KEXEC_CMD;
        }
        if (CONFIG_LINE.matcher(text).find()) {
            return ArtifactKind.KERNEL_CONFIG;
        }
        if (KDUMP_TOOLS.matcher(text).find()) {
            return ArtifactKind.KDUMP_TOOLS;
        }
        if (SYSCONFIG.matcher(text).find()) {
            return ArtifactKind.SYSCONFIG_KDUMP;
        }
        if (KDUMP_CONF.matcher(text).find()) {
            return ArtifactKind.KDUMP_CONF;
        }
        // an excerpt of /proc/iomem ("..." where lines were left out, as posted to mailing lists): read as
        // iomem when most lines are iomem lines, so the parser names the first line that is not one
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        long iomemLines = lines.stream().filter(l -> IOMEM_LINE.matcher(l).matches()).count();
        return iomemLines * 2 > lines.size() ? ArtifactKind.IOMEM : null;
    }

    /** fix.id: a driver name, printable ASCII then NULs (drivers fill it with strscpy/snprintf). */
    static boolean looksLikeFixId(byte[] b) {
        int n = 0;
        while (n < 16 && b[n] != 0) {
            if (b[n] < 0x20 || b[n] > 0x7e) {
                return false;
            }
            n++;
        }
        for (int i = n; i < 16; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return n >= 2;
    }

    /**
     * A framebuffer's fixed info has memory and a line length (include/uapi/linux/fb.h; offsets per
     * ABI: unsigned long is 8 bytes on LP64, 4 on ILP32); type and visual are not checked, drivers
     * use values the header lacks.
     */
    static boolean looksLikeFix(byte[] b, boolean lp64) {
        java.nio.ByteBuffer v = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long smemLen = Integer.toUnsignedLong(v.getInt(lp64 ? 24 : 20));
        long lineLength = Integer.toUnsignedLong(v.getInt(lp64 ? 48 : 44));
        return smemLen > 0 && lineLength > 0;
    }

    /** A mode someone could display: a resolution, a virtual one at least as large, a real pixel depth. */
    static boolean looksLikeVar(byte[] b) {
        java.nio.ByteBuffer v = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long xres = Integer.toUnsignedLong(v.getInt(0));
        long yres = Integer.toUnsignedLong(v.getInt(4));
        long xv = Integer.toUnsignedLong(v.getInt(8));
        long yv = Integer.toUnsignedLong(v.getInt(12));
        long bpp = Integer.toUnsignedLong(v.getInt(24));
        return xres > 0 && yres > 0 && xres <= 65536 && yres <= 65536 && xv >= xres && yv >= yres
                && xv <= 1 << 20 && yv <= 1 << 20 && java.util.Set.of(1L, 2L, 4L, 8L, 12L, 15L, 16L, 24L, 32L).contains(bpp);
    }

    /** Decodes a file of one of these kinds. */
    static Decoded decode(ArtifactKind kind, ByteSource file, List<String> notes) throws FormatException {
        return switch (kind) {
            case FB_FIX -> new Decoded.FbFixBlob(FbFix.read(file), notes);
            case FB_VAR -> new Decoded.FbVarBlob(FbVar.read(file), notes);
            case FBSET -> new Decoded.Fbset(FbsetText.parse(text(file), file.name()), notes);
            case IOMEM -> new Decoded.Iomem(ProcIomem.parse(text(file), file.name()), notes);
            case KERNEL_CONFIG -> new Decoded.Config(
                    KernelConfig.parse(file.name(), new java.io.ByteArrayInputStream(bytes(file))), notes);
            case KDUMP_TOOLS -> new Decoded.KdumpTools(KdumpToolsConfig.parse(text(file), file.name()), notes);
            case SYSCONFIG_KDUMP -> new Decoded.SysconfigKdump(KdumpSysconfig.parse(text(file), file.name()), notes);
            case KDUMP_CONF -> new Decoded.KdumpConfFile(KdumpConf.parse(text(file), file.name()), notes);
            case KEXEC_CMD -> new Decoded.KexecCommand(KexecArgs.parseRecorded(text(file), file.name()), notes);
            default -> throw new IllegalArgumentException(kind.id());
        };
    }

    private static byte[] bytes(ByteSource file) throws FormatException {
        if (file.size() > TEXT_CAP) {
            throw new FormatException(file.name(), TEXT_CAP, "larger than " + TEXT_CAP + " bytes: too large for a text artifact");
        }
        return file.read(0, (int) file.size());
    }

    /** Text as ISO-8859-1: one char per byte, so parser offsets are byte offsets. */
    private static String text(ByteSource file) throws FormatException {
        return new String(bytes(file), StandardCharsets.ISO_8859_1);
    }
}
