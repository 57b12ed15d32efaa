package org.kexecinspect.model.screeninfo;

import java.util.List;

import org.kexecinspect.facts.Arch;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoEncoder;
import org.kexecinspect.format.x86.ScreenInfoLayout;
import org.kexecinspect.model.Reason;

/**
 * The two screen_info members kexec-tools' x86-64 bzImage loader writes for the command line,
 * whatever the video: cl_magic and cl_offset, the command line's offset in the zero page. They are
 * written before the screen_info is filled, and the boot-time-copy fallback saves and restores them.
 */
public final class KexecToolsCommandLine {
    private KexecToolsCommandLine() {}

    public static final String SOURCE = "kexec-tools kexec/arch/i386/x86-linux-setup.c setup_linux_bootloader_parameters_high(), "
            + "kexec/arch/x86_64/kexec-bzImage64.c do_bzImage64_load() (kern16_size_needed)";

    /** CL_MAGIC_VALUE (kexec-tools include/x86/x86-linux.h), the boot protocol's cmd_line_magic (Documentation/arch/x86/boot.rst). */
    public static final int CL_MAGIC = 0xA33F;

    /** The loader puts the command line at least one page into the zero page buffer. */
    static final int MIN_OFFSET = 4096;

    /** cl_offset for a kdump image with this setup_sects (0 already read as 4): max((setup_sects + 1) * 512, 4096). */
    public static int offset(int setupSects) {
        return Math.max((setupSects + 1) * 512, MIN_OFFSET);
    }

    /** {@code si} with cl_magic and cl_offset as the loader writes them; cl_offset stays 0 (with a reason) when it cannot be told. */
    static ScreenInfo applied(ScreenInfo si, SystemFacts f, List<Reason> r) {
        ScreenInfoEncoder.Builder b = ScreenInfoEncoder.from(si).set(ScreenInfoLayout.CL_MAGIC, CL_MAGIC);
        Fact<Arch> arch = f.machine().arch();
        Fact<Integer> sects = f.kdumpKernel().setupSects();
        if (arch.known() && arch.value().family() != Arch.Family.X86_64) {
            r.add(Reason.of("cl_magic 0xA33F; cl_offset is not predicted for " + arch.value()
                    + " (the 32-bit bzImage loader places the command line after its heap)", SOURCE));
        } else if (!sects.known()) {
            r.add(Reason.of("cl_magic 0xA33F; cl_offset depends on the kdump image's setup_sects, which cannot be told ("
                    + sects.unknown() + "), so it is shown as 0", sects.source() + "; " + SOURCE));
        } else {
            int off = offset(sects.value());
            b.set(ScreenInfoLayout.CL_OFFSET, off);
            r.add(Reason.of(String.format("cl_magic 0xA33F and cl_offset 0x%x: the command line follows the kdump image's "
                    + "%d setup sectors and the boot sector, at least one page in", off, sects.value()),
                    sects.source() + "; " + SOURCE));
        }
        return b.build("predicted KEXEC_LOAD screen_info");
    }
}
