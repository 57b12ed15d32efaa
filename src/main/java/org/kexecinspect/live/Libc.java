package org.kexecinspect.live;

/**
 * The few libc calls the live side makes, so tests can replace them. Every call returns its
 * result with the errno it left, never throws for a failed call.
 */
public interface Libc {
    int O_RDONLY = 0;
    /** O_CLOEXEC on x86-64 and arm64 (asm-generic/fcntl.h: 02000000). */
    int O_CLOEXEC = 0x80000;

    /** A call's return value and, when it failed, errno. */
    record Result(long value, int errno) {
        public boolean failed() { return value < 0; }
    }

    Result open(String path, int flags);

    /** ioctl(fd, request, buf): the kernel fills {@code buf} (its length is the struct size). */
    Result ioctl(int fd, long request, byte[] buf);

    Result close(int fd);

    /** strerror-like text for an errno. */
    String describe(int errno);
}
