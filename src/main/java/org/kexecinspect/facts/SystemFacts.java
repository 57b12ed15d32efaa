package org.kexecinspect.facts;

import java.util.List;

import org.kexecinspect.format.x86.BootParams;

/**
 * Everything the prediction needs to know about one system, each fact with its source: the
 * normalized input of the model, gathered from a live root or a capture alike.
 *
 * @param root      what the facts were read from: "/" or the capture's name
 * @param live      read from the running system
 * @param manifest  the capture's manifest (null when live)
 * @param notes     what the reader wants the user to know (skipped archive entries...)
 */
public record SystemFacts(String root, boolean live, CaptureManifest manifest, List<String> notes,
        Machine machine, Firmware firmware, Hyperv hyperv, Fact<BootParams> bootParams,
        FramebufferFacts framebuffer, IomemFacts iomem, ModuleFacts modules, KexecToolsFacts kexecTools,
        KdumpServiceFacts kdumpService, KdumpKernelFacts kdumpKernel, RootDeviceFacts rootDevice) {

    public SystemFacts {
        notes = List.copyOf(notes);
    }
}
