package org.kexecinspect.format.x86;

import static org.kexecinspect.format.x86.SetupHeaderLayout.*;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.Layout.Field;
import org.kexecinspect.format.View;

/**
 * A decoded struct setup_header (Documentation/arch/x86/boot.rst), from a bzImage or from the copy in boot_params.
 * In an image, which members hold meaning depends on the boot protocol the header declares and on
 * the header length the jump at 0x200 gives; {@link #isPresent} answers that per member. In a zero
 * page every member is the running kernel's own struct member, holding whatever the loader wrote
 * (the EFI stub, for one, fills a few members without copying the image's header or its "HdrS").
 *
 * @param inImage true for the header of a kernel image, false for the copy in boot_params
 */
public record SetupHeader(View view, boolean inImage) {

    /** The header at 0x1f1 of a kernel image. */
    public static SetupHeader read(ByteSource source) throws FormatException {
        return new SetupHeader(View.read(LAYOUT, source, OFFSET), true);
    }

    /** The hdr member of a zero page. */
    public static SetupHeader inZeroPage(View view) { return new SetupHeader(view, false); }

    public boolean hasMagic() { return view.get(HEADER) == HDRS_MAGIC; }

    public boolean hasBootFlag() { return view.get(BOOT_FLAG) == BOOT_FLAG_MAGIC; }

    /**
     * The declared protocol, e.g. 0x020f for 2.15; 0 when there is no "HdrS" (the "old" protocol,
     * before 2.00). Protocol 2.14 was burnt by ae7e1238e68f and counts as 2.13 (boot.rst).
     */
    public int protocol() {
        if (!hasMagic()) {
            return 0;
        }
        int v = view.getInt(VERSION);
        return v == 0x020e ? 0x020d : v;
    }

    /** The version field as written, without the 2.14 correction. */
    public int declaredVersion() { return hasMagic() ? view.getInt(VERSION) : 0; }

    /** "2.15", or "old (no HdrS)" when the magic is absent. */
    public String protocolText() {
        return hasMagic() ? versionText(declaredVersion()) : "old (no HdrS)";
    }

    public static String versionText(int version) {
        int minor = version & 0xff;
        return (version >> 8) + (minor < 10 ? ".0" : ".") + minor;
    }

    /** End of the header in the file: 0x202 + the byte at 0x201 (the jump's displacement). */
    public int headerEnd() {
        return JUMP_BASE + (int) (view.get(JUMP) >> 8 & 0xff);
    }

    /**
     * Whether a member holds meaning: it belongs to the declared protocol and lies within the
     * header length. Members of newer protocols are absent, not garbage.
     */
    public boolean isPresent(Field f) {
        if (!inImage) {
            return true;
        }
        if (f.since() > protocol()) {
            return false;
        }
        return f.since() == ALL || OFFSET + f.end() <= headerEnd();
    }

    /** Why a member is absent, or null when it is present. */
    public String absence(Field f) {
        if (isPresent(f)) {
            return null;
        }
        if (f.since() > protocol()) {
            return "needs boot protocol " + versionText(f.since()) + ", header declares " + protocolText();
        }
        return "beyond the header end 0x" + Integer.toHexString(headerEnd());
    }

    public long get(Field f) { return view.get(f); }

    /** setup_sects with the rule that 0 means 4. */
    public int setupSects() {
        int s = view.getInt(SETUP_SECTS);
        return s == 0 ? 4 : s;
    }

    /** Size of the real-mode part: boot sector plus setup sectors ("kern16_size"). */
    public int realModeSize() { return (setupSects() + 1) * 512; }

    public int loadflags() { return isPresent(LOADFLAGS) ? view.getInt(LOADFLAGS) : 0; }

    public int xloadflags() { return isPresent(XLOADFLAGS) ? view.getInt(XLOADFLAGS) : 0; }
}
