package org.kexecinspect.format;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.kexecinspect.format.fb.FbLayouts;
import org.kexecinspect.format.x86.BootParamsLayout;
import org.kexecinspect.format.x86.ScreenInfoLayout;
import org.kexecinspect.format.x86.SetupHeaderLayout;
import org.kexecinspect.testing.Inputs;

/** Builds and runs the native-fixtures programs against the system's own kernel UAPI headers. */
final class NativeStructs {
    private NativeStructs() {}

    /** Every Java field table that mirrors a struct of the system headers, by the C struct name. */
    static final Map<String, Layout> JAVA_LAYOUTS = Map.of(
            "screen_info", ScreenInfoLayout.LAYOUT,
            "setup_header", SetupHeaderLayout.LAYOUT,
            "boot_params", BootParamsLayout.LAYOUT,
            "efi_info", BootParamsLayout.EfiInfo.LAYOUT,
            "boot_e820_entry", BootParamsLayout.BootE820Entry.LAYOUT,
            "fb_fix_screeninfo", FbLayouts.FIX_LP64.layout,   // this machine is LP64
            "fb_var_screeninfo", FbLayouts.FbVar.LAYOUT,
            "fb_bitfield", FbLayouts.FbBitfield.LAYOUT);

    /** Compiles native-fixtures/NAME.c with gcc into target/native and returns the binary. */
    static Path build(String name) throws Exception {
        Path src = Inputs.projectDir().resolve("native-fixtures").resolve(name + ".c");
        Path out = Inputs.buildDir().resolve("native");
        Files.createDirectories(out);
        Path bin = out.resolve(name);
        Inputs.exec(null, "gcc", "-std=gnu11", "-O0", "-Wall", "-Wextra", "-Werror", "-o", bin.toString(), src.toString());
        return bin;
    }

    static List<String> run(Path bin, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = bin.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Inputs.exec(null, cmd).lines().toList();
    }
}
