package org.kexecinspect.format.text;

/**
 * The kernel's module naming rule: a module's name is its file name without ".ko" (and any
 * compression suffix) with every '-' turned into '_' (kbuild's KBUILD_MODNAME), and kmod accepts
 * either character wherever a user names a module (libkmod/libkmod-config.c: every name in a
 * modprobe.d command goes through underscores(); libkmod-util.c modname_normalize()).
 */
public final class ModuleName {
    private ModuleName() {}

    /** '-' becomes '_', as kmod's modname_normalize() does. */
    public static String normalize(String name) {
        return name.replace('-', '_');
    }

    /** True when the two names denote the same module. */
    public static boolean same(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    /**
     * The module name of a path as modules.builtin or modules.dep list it
     * ("kernel/drivers/hv/hv_vmbus.ko", "kernel/fs/fat/vfat.ko.xz"): the last path element
     * without ".ko" and its compression suffix, normalized.
     */
    public static String fromPath(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        int ko = base.indexOf(".ko");
        if (ko > 0 && (ko + 3 == base.length() || base.charAt(ko + 3) == '.')) {
            base = base.substring(0, ko);
        }
        return normalize(base);
    }
}
