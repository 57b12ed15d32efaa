package org.kexecinspect.testing;

/**
 * The JSON naming rule of the README, written out again for the tests so that expected keys do not
 * come from the code under test: the kernel's name in lowerCamelCase, leading underscores dropped.
 */
public final class Names {
    private Names() {}

    public static String json(String kernelName) {
        String[] parts = kernelName.replaceFirst("^_+", "").split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            }
        }
        return b.toString();
    }
}
