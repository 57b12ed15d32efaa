package org.kexecinspect.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Who captures: the uid a capture manifest records and the host name its file is named by. */
class IdentityTest {

    @Test
    void theUidIsTheOneIdReports() throws Exception {
        Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, p.waitFor());
        assertEquals(Long.parseLong(out), Identity.ofThisProcess().uid());
    }

    @Test
    void theHostNameIsSafeInAFileName() {
        String h = Identity.ofThisProcess().hostname();
        assertTrue(h.matches("[A-Za-z0-9._-]+"), h);
    }
}
