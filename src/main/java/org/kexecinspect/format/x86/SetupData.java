package org.kexecinspect.format.x86;

import static org.kexecinspect.format.x86.SetupDataLayouts.*;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.format.ByteReader;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.Layout;
import org.kexecinspect.format.View;

/**
 * One setup_data node as /sys/kernel/boot_params/setup_data/N shows it (arch/x86/kernel/ksysfs.c;
 * arch/x86/include/uapi/asm/setup_data.h): the
 * type file and the payload. For an indirect node sysfs shows the inner type (SETUP_INDIRECT | T)
 * and the payload it points at; a bare SETUP_INDIRECT shows the 24-byte setup_indirect itself
 * (arch/x86/kernel/ksysfs.c).
 *
 * @param head the decoded head of the payload, or null when the type is shown only as bytes
 * @param e820 the rows of a SETUP_E820_EXT payload (empty otherwise)
 * @param fdtTotalSize a SETUP_DTB payload's FDT totalsize, or -1
 */
public record SetupData(int index, long type, long length, View head, List<BootParams.E820Entry> e820,
        long fdtTotalSize, List<String> notes) {

    /** The FDT header's magic, big-endian (Devicetree specification). */
    public static final long FDT_MAGIC = 0xd00dfeedL;
    public static final int E820_ENTRY_SIZE = BootParamsLayout.BootE820Entry.LAYOUT.size();

    public SetupData {
        e820 = List.copyOf(e820);
        notes = List.copyOf(notes);
    }

    public long baseType() { return type == SETUP_INDIRECT ? type : type & ~SETUP_INDIRECT; }

    public String typeName() { return SetupDataLayouts.typeName(type); }

    /** Decodes node {@code index} of type {@code type} from its payload. */
    public static SetupData decode(int index, long type, ByteSource payload) throws FormatException {
        long length = payload.size();
        List<String> notes = new ArrayList<>();
        long base = type == SETUP_INDIRECT ? type : type & ~SETUP_INDIRECT;
        View head = null;
        List<BootParams.E820Entry> e820 = new ArrayList<>();
        long fdtSize = -1;
        Layout layout = type == SETUP_INDIRECT ? SetupIndirect.LAYOUT : payloadLayout(base);
        if (layout != null) {
            if (length < layout.size()) {
                throw new FormatException(payload.name(), length, SetupDataLayouts.typeName(type) + " payload is " + length
                        + " bytes, shorter than struct " + layout.name() + " (" + layout.size() + ")");
            }
            head = View.read(layout, payload, 0);
        }
        if (base == SETUP_E820_EXT) {
            if (length % E820_ENTRY_SIZE != 0) {
                notes.add(length % E820_ENTRY_SIZE + " trailing bytes after the last whole e820 row");
            }
            long rows = length / E820_ENTRY_SIZE;
            if (rows * E820_ENTRY_SIZE > ByteSource.MAX_READ) {
                throw new FormatException(payload.name(), 0, "SETUP_E820_EXT payload of " + length
                        + " bytes is larger than the " + ByteSource.MAX_READ + " bytes the tool reads");
            }
            ByteReader r = ByteReader.of(payload, 0, (int) rows * E820_ENTRY_SIZE);
            for (int i = 0; i < rows; i++) {
                int at = i * E820_ENTRY_SIZE;
                e820.add(new BootParams.E820Entry(r.u64(at), r.u64(at + 8), r.u32(at + 16)));
            }
        } else if (base == SETUP_DTB && length >= 8) {
            byte[] h = payload.read(0, 8);
            long magic = be32(h, 0);
            if (magic == FDT_MAGIC) {
                fdtSize = be32(h, 4);
            } else {
                notes.add(String.format("no FDT magic 0xd00dfeed (found 0x%08x)", magic));
            }
        } else if (base == SETUP_RNG_SEED) {
            notes.add("seed bytes not shown");
        }
        return new SetupData(index, type, length, head, e820, fdtSize, notes);
    }

    private static long be32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }
}
