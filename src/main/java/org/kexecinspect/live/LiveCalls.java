package org.kexecinspect.live;

import java.util.function.Supplier;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.SystemCalls;

/**
 * System-call facts from the running system. The framebuffer is probed once, lazily, so JNA is
 * loaded only when a command asks for /dev/fb0.
 */
public final class LiveCalls implements SystemCalls {
    public static final String FB0 = "/dev/fb0";

    private final Supplier<Libc> libc;
    private final String device;
    private Framebuffer.Raw fb;

    public LiveCalls() {
        this(JnaLibc::new);
    }

    /** Tests pass their own libc. */
    public LiveCalls(Supplier<Libc> libc) {
        this(libc, FB0);
    }

    /** Tests name the device too. */
    LiveCalls(Supplier<Libc> libc, String device) {
        this.device = device;
        this.libc = libc;
    }

    @Override public Fact<String> uname() { return Commands.run("uname", "-a"); }

    @Override public Fact<String> kexecVersion() { return Commands.run("kexec", "--version"); }

    @Override public Fact<byte[]> fbFix() { return framebuffer().fix(); }

    @Override public Fact<byte[]> fbVar() { return framebuffer().var(); }

    @Override public Fact<String> fbset() {
        if (!java.nio.file.Files.exists(java.nio.file.Path.of(device))) {
            return Fact.unknown(Fact.Why.ABSENT, device + " does not exist", "fbset -i");
        }
        Fact<String> f = Commands.run("fbset", "-i");
        // fbset missing says nothing about the framebuffer (capture format 1: "not collected")
        return !f.known() && f.unknown().why() == Fact.Why.ABSENT
                ? Fact.unknown(Fact.Why.NOT_COLLECTED, f.unknown().detail(), f.source()) : f;
    }

    private synchronized Framebuffer.Raw framebuffer() {
        if (fb == null) {
            // no device node: ENOENT without JNA, whose native library would otherwise be unpacked on every run
            // (a link, even a dangling one, goes to open() as it is)
            fb = java.nio.file.Files.exists(java.nio.file.Path.of(device), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? new Framebuffer(libc.get(), device).read() : Framebuffer.absent(device);
        }
        return fb;
    }
}
