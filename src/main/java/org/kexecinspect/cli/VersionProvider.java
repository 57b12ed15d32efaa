package org.kexecinspect.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine;

/** The version Maven stamped into version.properties. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/org/kexecinspect/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // the version is informational only
        }
        return p.getProperty("version", "unknown");
    }

    @Override public String[] getVersion() {
        return new String[] {"kexec-inspect " + version()};
    }
}
