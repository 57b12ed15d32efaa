package org.kexecinspect.live;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** {@link Libc} through JNA; loaded only when a live framebuffer is probed, so other commands do not pay for it. */
final class JnaLibc implements Libc {

    /** The C library, errno captured by JNA's LastErrorException on every call. */
    interface C extends Library {
        int open(String path, int flags) throws LastErrorException;

        int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        String strerror(int errnum);
    }

    private final C c;

    JnaLibc() {
        c = Native.load("c", C.class);
    }

    @Override public Result open(String path, int flags) {
        try {
            return new Result(c.open(path, flags), 0);
        } catch (LastErrorException e) {
            return new Result(-1, e.getErrorCode());
        }
    }

    @Override public Result ioctl(int fd, long request, byte[] buf) {
        try (Memory m = new Memory(buf.length)) {
            m.clear();
            int r = c.ioctl(fd, new NativeLong(request), m);
            m.read(0, buf, 0, buf.length);
            return new Result(r, 0);
        } catch (LastErrorException e) {
            return new Result(-1, e.getErrorCode());
        }
    }

    @Override public Result close(int fd) {
        try {
            return new Result(c.close(fd), 0);
        } catch (LastErrorException e) {
            return new Result(-1, e.getErrorCode());
        }
    }

    @Override public String describe(int errno) {
        return c.strerror(errno);
    }
}
