package org.kexecinspect.format.fb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.Layout;
import org.kexecinspect.testing.Inputs;

/**
 * The ILP32 field table of fb_fix_screeninfo against a 32-bit compiler. A program cannot be linked
 * with -m32 without i386 libraries, so the test compiles static assertions instead: for each
 * member of FbLayouts.FIX_ILP32 it asserts offsetof() and sizeof() under
 * {@code gcc -m32 -fsyntax-only}, using the system's own <linux/fb.h>. The x86 UAPI asm headers are
 * shared by i386 and x86-64, and they choose the width of {@code unsigned long} from the compiler's
 * own macros. The test is skipped on hosts other than x86-64.
 */
class FbFixIlp32NativeTest {

    @Test
    void everyIlp32MemberHasTheOffsetAndSizeA32BitCompilerGivesIt() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "gcc -m32 check runs on x86-64 hosts");
        String multiarch = Inputs.exec(null, "gcc", "-print-multiarch").trim();
        StringBuilder c = new StringBuilder("#include <stddef.h>\n#include <linux/fb.h>\n");
        Layout l = FbLayouts.FIX_ILP32.layout;
        c.append(String.format("_Static_assert(sizeof(struct fb_fix_screeninfo) == %d, \"sizeof\");%n", l.size()));
        for (Layout.Field f : l.fields()) {
            c.append(String.format("_Static_assert(offsetof(struct fb_fix_screeninfo, %s) == %d, \"%s offset\");%n",
                    f.name(), f.offset(), f.name()));
            c.append(String.format("_Static_assert(sizeof(((struct fb_fix_screeninfo *)0)->%s) == %d, \"%s size\");%n",
                    f.name(), f.size(), f.name()));
        }
        Path dir = Inputs.buildDir().resolve("native");
        Files.createDirectories(dir);
        Path src = dir.resolve("fb_fix_ilp32_check.c");
        Files.writeString(src, c);
        // fails the test with gcc's message when an assertion does not hold
        Inputs.exec(null, "gcc", "-m32", "-std=gnu11", "-fsyntax-only", "-Werror", "-I/usr/include/" + multiarch, src.toString());
    }
}
