package org.kexecinspect.facts;

import java.util.List;

/**
 * The capture format (version 1), documented in README "Capture format" and kexec-inspect(1) FILES:
 * copied files under their real paths, and what came from system calls or commands in one folder,
 * {@code kexec-inspect/}. The shell collector (src/main/sh/kexec-inspect-capture) writes the same.
 */
public final class CaptureLayout {
    private CaptureLayout() {}

    public static final int FORMAT = 1;
    public static final String DIR = "kexec-inspect";
    public static final String MANIFEST = DIR + "/manifest.json";
    public static final String UNAME = DIR + "/uname";
    public static final String KEXEC_VERSION = DIR + "/kexec-version";
    public static final String FB0_FIX = DIR + "/fb0.fix";
    public static final String FB0_VAR = DIR + "/fb0.var";
    public static final String FBSET = DIR + "/fbset-i.txt";
    public static final String KEXEC_CMD = DIR + "/kexec_cmd";
    public static final String LINKS = DIR + "/links";
    public static final String DIRS = DIR + "/dirs";

    /** Cap for copied text files (proc, sys, etc): the largest real one, /proc/iomem, is a few KiB. */
    public static final long SMALL_CAP = 1L << 20;
    /** Cap for kernel images, modules and initramfs files. */
    public static final long IMAGE_CAP = 256L << 20;

    /**
     * Files copied when they exist; '*' matches one path segment. Kernel-release dependent paths
     * (modules.builtin, hv_vmbus.ko, boot/config-REL and
     * usr/lib/modules/REL/config) and the kdump kernel and initramfs are added by the
     * collector once it knows the releases and paths.
     */
    public static final List<String> FILES = List.of(
            "proc/cmdline", "proc/cpuinfo", "proc/iomem", "proc/modules", "proc/fb", "proc/mounts", "proc/version",
            "proc/sys/kernel/osrelease", "proc/sys/kernel/kexec_load_disabled",
            "sys/kernel/kexec_crash_loaded", "sys/kernel/kexec_crash_size", "sys/kernel/kexec_loaded",
            "sys/kernel/boot_params/data", "sys/kernel/boot_params/version",
            "sys/kernel/boot_params/setup_data/*/type", "sys/kernel/boot_params/setup_data/*/data",
            "sys/kernel/security/lockdown", "sys/kernel/security/securelevel",
            "sys/firmware/efi/fw_platform_size", "sys/firmware/efi/systab",
            "sys/firmware/efi/runtime-map/*/type", "sys/firmware/efi/runtime-map/*/phys_addr",
            "sys/firmware/efi/runtime-map/*/virt_addr", "sys/firmware/efi/runtime-map/*/num_pages",
            "sys/firmware/efi/runtime-map/*/attribute",
            "sys/firmware/efi/efivars/" + Firmware.SECURE_BOOT_VAR,
            "sys/firmware/efi/efivars/" + Firmware.SETUP_MODE_VAR,
            "sys/class/graphics/fb*/name", "sys/class/graphics/fb*/modes", "sys/class/graphics/fb*/virtual_size",
            "sys/class/graphics/fb*/bits_per_pixel", "sys/class/graphics/fb*/stride",
            "sys/bus/vmbus/devices/*/class_id", "sys/bus/vmbus/devices/*/device_id",
            "sys/bus/pci/devices/*/vendor", "sys/bus/pci/devices/*/device", "sys/bus/pci/devices/*/class",
            "sys/block/*/dev",
            "etc/default/kdump-tools", "etc/sysconfig/kdump", "etc/kdump.conf",
            "etc/modprobe.d/*.conf", "lib/modprobe.d/*.conf", "usr/lib/modprobe.d/*.conf", "run/modprobe.d/*.conf",
            "etc/os-release", "usr/lib/os-release", "etc/machine-id",
            // a root on device-mapper (LVM, dm-crypt): each dm device's name and uuid (drivers/md/dm-sysfs.c)
            "sys/block/*/dm/name", "sys/block/*/dm/uuid",
            // the running kernel's own config (CONFIG_IKCONFIG_PROC)
            "proc/config.gz");

    /** Symbolic links whose text goes to kexec-inspect/links. */
    public static final List<String> LINK_PATHS = List.of(
            "sys/class/graphics/fb*/device", "sys/class/graphics/fb*/device/driver",
            "sys/bus/pci/devices/*", "sys/bus/pci/devices/*/driver",
            "sys/bus/vmbus/devices/*", "sys/bus/vmbus/devices/*/driver",
            "sys/block/*", "sys/class/block/*",
            // a root on device-mapper or md: what each stacked device maps onto (block/holder.c
            // bd_link_disk_holder()), and udev's names for block devices (/dev/mapper/NAME -> ../dm-N,
            // /dev/disk/by-uuid/X -> ../../nvme0n1p2), as mounts and root= name them
            "sys/block/*/slaves/*", "dev/mapper/*", "dev/disk/by-uuid/*", "dev/disk/by-label/*",
            "dev/disk/by-partuuid/*", "dev/disk/by-partlabel/*");

    /**
     * Directories whose existence is itself a fact (EFI boot, Hyper-V guest, runtime map), with
     * their parents, so a capture can say "sys/firmware exists but sys/firmware/efi does not".
     * kexec-inspect/dirs lists each one that exists.
     */
    public static final List<String> MARKER_DIRS = List.of(
            "sys/firmware", "sys/firmware/efi", "sys/firmware/efi/runtime-map", "sys/bus", "sys/bus/vmbus");
}
