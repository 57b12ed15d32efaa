package org.kexecinspect.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step (package phase, after shade): rewrites the class files in the runnable jar whose
 * format predates Java 6 (picocli ships class file version 49) as version 52 with stack map
 * frames. The JVM verifies old class files with the slow type-inferencing verifier and class-data
 * sharing refuses them ("Pre JDK 6 class not supported by CDS"), which made picocli the largest
 * part of every run's start-up. Code and constants stay as they are; only the version and the
 * frames change. Usage: UpgradeClassFiles JAR
 */
public final class UpgradeClassFiles {
    private UpgradeClassFiles() {}

    /** Java 6: the first class file version the split verifier and CDS take. */
    static final int FIRST_MODERN = Opcodes.V1_6;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: UpgradeClassFiles JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path out = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        try (ZipFile in = new ZipFile(jar.toFile());
             URLClassLoader hierarchy = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             OutputStream file = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                byte[] bytes;
                try (InputStream s = in.getInputStream(entry)) {
                    bytes = s.readAllBytes();
                }
                if (entry.getName().endsWith(".class") && majorVersion(bytes) < FIRST_MODERN) {
                    bytes = upgrade(bytes, hierarchy);
                    upgraded++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                zip.putNextEntry(copy);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("UpgradeClassFiles: " + upgraded + " class files of " + jar + " now version 52 with stack map frames");
    }

    static int majorVersion(byte[] classFile) {
        if (classFile.length < 8 || (classFile[0] & 0xff) != 0xca || (classFile[1] & 0xff) != 0xfe) {
            return Integer.MAX_VALUE; // not a class file: leave it alone
        }
        return (classFile[6] & 0xff) << 8 | (classFile[7] & 0xff);
    }

    static byte[] upgrade(byte[] classFile, ClassLoader hierarchy) {
        ClassReader reader = new ClassReader(classFile);
        // frames need the common superclass of two types: look it up in the jar being rewritten
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override protected ClassLoader getClassLoader() {
                return hierarchy;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
