package org.kexecinspect.facts;

import java.util.List;
import java.util.Objects;

/**
 * Where the kdump kernel's VMBus driver code was searched for the log strings 016a25e4b0df
 * ("Drivers: hv: vmbus: Improve the logic of reserving fb_mmio on Gen2 VMs") added to
 * drivers/hv/vmbus_drv.c vmbus_reserve_fb(), and what each search found. An observation only:
 * what the strings mean is decided by the model.
 *
 * @param looks the places looked at, in the order they were searched
 */
public record FixStringSearch(List<Look> looks) {
    public static final FixStringSearch NONE = new FixStringSearch(List.of());

    public FixStringSearch {
        looks = List.copyOf(looks);
    }

    /**
     * Where hv_vmbus may be: the initramfs, lib/modules/REL on the root, or the kernel image when it is
     * built in; or not the code but what it printed: the kdump kernel's own lines in a kernel log
     * ({@link Look#fixStrings()} then holds the fix's strings whose messages it printed, and a message not
     * printed says nothing).
     */
    public enum Place { INITRAMFS, LIB_MODULES, KERNEL_IMAGE, KERNEL_LOG }

    public enum Outcome {
        /** the bytes were read to the end: {@link Look#fixStrings()} and {@link Look#markers()} say what is there */
        SCANNED,
        /** nothing to read there (no such module) */
        NOT_THERE,
        /** something is there but could not be read */
        NOT_SEARCHABLE
    }

    /**
     * @param place      the kind of place
     * @param where      the file or member looked at, as a source
     * @param outcome    what came of it
     * @param fixStrings the fix's strings found (kernel.FbReserveFixProbe.FIX_STRINGS), empty unless scanned
     * @param markers    the vmbus_drv.c strings every version has that were found, empty unless scanned
     * @param note       why nothing was scanned, or an empty string
     */
    public record Look(Place place, String where, Outcome outcome, List<String> fixStrings, List<String> markers,
            String note) {
        public Look {
            Objects.requireNonNull(place);
            Objects.requireNonNull(outcome);
            fixStrings = List.copyOf(fixStrings);
            markers = List.copyOf(markers);
        }

        static Look notThere(Place place, String where, String note) {
            return new Look(place, where, Outcome.NOT_THERE, List.of(), List.of(), note);
        }

        static Look notSearchable(Place place, String where, String note) {
            return new Look(place, where, Outcome.NOT_SEARCHABLE, List.of(), List.of(), note);
        }
    }
}
