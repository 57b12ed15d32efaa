package org.kexecinspect.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** native-fixtures/captures stays an unchanged copy of ../shared/fixtures. */
class SharedCapturesTest {

    @Test
    void theCopiedCapturesEqualTheSharedOnes() throws IOException {
        Path shared = Inputs.projectDir().resolveSibling("shared").resolve("fixtures");
        Assumptions.assumeTrue(Files.isDirectory(shared), "no ../shared/fixtures beside this checkout");
        for (String folder : List.of("qemu-ovmf-debian-6.1", "qemu-debian-13-and-unstable", "qemu-kdump-consoles",
                "real-world")) {
            Path from = shared.resolve(folder);
            List<Path> files;
            try (Stream<Path> s = Files.walk(from)) {
                files = s.filter(Files::isRegularFile).toList();
            }
            // the consoles folder is its README and one log per run; every other folder has more
            int least = folder.equals("qemu-kdump-consoles") ? 3 : 4;
            assertTrue(files.size() >= least, "shared " + folder + " has only " + files.size() + " files");
            for (Path f : files) {
                Path copy = Inputs.captures().resolve(folder).resolve(from.relativize(f).toString());
                assertTrue(Files.exists(copy), "not copied: " + copy);
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(copy), "differs: " + copy);
            }
        }
    }
}
