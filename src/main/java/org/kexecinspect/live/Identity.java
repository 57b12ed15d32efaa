package org.kexecinspect.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who is capturing, from the running system's /proc: the host name a capture's file is named by,
 * and the uid its manifest records (what a non-root capture could not read follows from it).
 *
 * @param hostname the host name made safe for a file name, or "unknown"
 * @param uid the process's real uid, or -1 when /proc does not say
 */
public record Identity(String hostname, long uid) {

    /** This process on this system. */
    public static Identity ofThisProcess() {
        return new Identity(readHostname(), readUid());
    }

    private static String readHostname() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            return h.replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long readUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
