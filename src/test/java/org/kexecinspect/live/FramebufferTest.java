package org.kexecinspect.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Fact.Why;

/** The /dev/fb0 probe keeps errno, never writes, and always closes what it opened. */
class FramebufferTest {

    /** A libc that answers from a script and records the calls. */
    static final class ScriptedLibc implements Libc {
        final List<String> calls = new ArrayList<>();
        int openErrno;
        int ioctlErrno;
        byte fill = 0x5a;

        @Override public Result open(String path, int flags) {
            calls.add("open " + path + " " + flags);
            return openErrno == 0 ? new Result(7, 0) : new Result(-1, openErrno);
        }

        @Override public Result ioctl(int fd, long request, byte[] buf) {
            calls.add("ioctl " + fd + " 0x" + Long.toHexString(request) + " " + buf.length);
            if (ioctlErrno != 0) {
                return new Result(-1, ioctlErrno);
            }
            java.util.Arrays.fill(buf, fill);
            return new Result(0, 0);
        }

        @Override public Result close(int fd) {
            calls.add("close " + fd);
            return new Result(0, 0);
        }

        @Override public String describe(int errno) { return "errno-text-" + errno; }
    }

    @Test
    void aMissingDeviceIsAbsentWithItsErrno() {
        ScriptedLibc libc = new ScriptedLibc();
        libc.openErrno = 2;
        Framebuffer.Raw raw = new Framebuffer(libc, "/dev/fb0").read();
        assertEquals(Why.ABSENT, raw.fix().unknown().why());
        assertEquals(Why.ABSENT, raw.var().unknown().why());
        assertTrue(raw.fix().unknown().detail().contains("errno 2"), raw.fix().unknown().detail());
        assertEquals(List.of("open /dev/fb0 " + (Libc.O_RDONLY | Libc.O_CLOEXEC)), libc.calls);
    }

    @Test
    void aDeviceOnlyTheVideoGroupMayOpenIsNotPermitted() {
        ScriptedLibc libc = new ScriptedLibc();
        libc.openErrno = 13;
        assertEquals(Why.NOT_PERMITTED, new Framebuffer(libc, "/dev/fb0").read().fix().unknown().why());
    }

    @Test
    void bothIoctlsAreMadeReadOnlyAndTheDescriptorIsClosed() {
        ScriptedLibc libc = new ScriptedLibc();
        Framebuffer.Raw raw = new Framebuffer(libc, "/dev/fb0").read();
        int fixSize = new FbStructs.FixScreeninfo().size();
        assertEquals(List.of("open /dev/fb0 " + (Libc.O_RDONLY | Libc.O_CLOEXEC),
                "ioctl 7 0x4602 " + fixSize, "ioctl 7 0x4600 160", "close 7"), libc.calls);
        assertEquals(fixSize, raw.fix().value().length);
        assertEquals(0x5a, raw.var().value()[159]);
    }

    @Test
    void aFailedIoctlKeepsItsErrnoAndStillCloses() {
        ScriptedLibc libc = new ScriptedLibc();
        libc.ioctlErrno = 25;
        Framebuffer.Raw raw = new Framebuffer(libc, "/dev/fb0").read();
        assertEquals(Why.ERROR, raw.fix().unknown().why());
        assertTrue(raw.fix().unknown().detail().contains("errno 25"));
        assertEquals("close 7", libc.calls.get(libc.calls.size() - 1));
    }

    /** The real JNA path: /dev/null opens but is not a framebuffer, so the kernel says ENOTTY. */
    @Test
    void theRealLibcReportsTheKernelsErrnoForANonFramebuffer() {
        Framebuffer.Raw raw = new Framebuffer(new JnaLibc(), "/dev/null").read();
        assertFalse(raw.fix().known());
        assertTrue(raw.fix().unknown().detail().contains("errno 25"), raw.fix().unknown().detail()); // ENOTTY
        assertTrue(raw.var().unknown().detail().contains("errno 25"));
    }

    /** No device node: "absent" from the file system alone, and the libc (JNA) is never made. */
    @Test
    void anAbsentDeviceNeverLoadsTheLibc(@org.junit.jupiter.api.io.TempDir Path dir) {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        LiveCalls calls = new LiveCalls(() -> {
            made.incrementAndGet();
            throw new AssertionError("libc made for a device that does not exist");
        }, dir.resolve("fb0").toString());
        assertEquals(Why.ABSENT, calls.fbFix().unknown().why());
        assertEquals(Why.ABSENT, calls.fbVar().unknown().why());
        assertTrue(calls.fbFix().unknown().detail().contains("errno 2"), calls.fbFix().unknown().detail());
        assertEquals(0, made.get());
    }

    /** Whatever this machine has: no /dev/fb0 must come out as "absent", one that exists as bytes or a reason. */
    @Test
    void thisMachinesFramebufferIsReportedAsItIs() {
        Fact<byte[]> fix = new LiveCalls().fbFix();
        if (!Files.exists(Path.of("/dev/fb0"))) {
            assertEquals(Why.ABSENT, fix.unknown().why(), fix.toString());
        } else if (fix.known()) {
            assertEquals(new FbStructs.FixScreeninfo().size(), fix.value().length);
        } else {
            assertTrue(fix.unknown().why() == Why.NOT_PERMITTED || fix.unknown().why() == Why.ERROR);
        }
    }
}
