package org.kexecinspect.build;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build step after {@link UpgradeClassFiles}, run in a JVM of its own with the jar on the class
 * path: loads and initializes every class of the packages named, so the JVM's verifier checks the
 * rewritten frames of each one now, not in a user's run. Usage: VerifyClassFiles JAR PACKAGE-PREFIX...
 */
public final class VerifyClassFiles {
    private VerifyClassFiles() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: VerifyClassFiles JAR PACKAGE-PREFIX...");
            System.exit(2);
        }
        List<String> failed = new ArrayList<>();
        int loaded = 0;
        try (ZipFile jar = new ZipFile(args[0])) {
            for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || !wanted(name, args)) {
                    continue;
                }
                String cls = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                try {
                    Class.forName(cls, true, VerifyClassFiles.class.getClassLoader());
                    loaded++;
                } catch (VerifyError | ClassFormatError ex) {
                    failed.add(cls + ": " + ex);
                } catch (LinkageError | ReflectiveOperationException | RuntimeException ex) {
                    // a class whose initializer needs what a build machine lacks is not a frame error
                    loaded++;
                }
            }
        }
        if (!failed.isEmpty()) {
            failed.forEach(System.err::println);
            System.exit(1);
        }
        System.out.println("VerifyClassFiles: " + loaded + " classes loaded and verified");
    }

    private static boolean wanted(String entry, String[] args) {
        for (int i = 1; i < args.length; i++) {
            if (entry.startsWith(args[i])) {
                return true;
            }
        }
        return false;
    }
}
