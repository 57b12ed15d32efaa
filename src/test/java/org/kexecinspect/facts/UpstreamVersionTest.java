package org.kexecinspect.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The upstream version a kernel tells: Debian's version signature first, else a release that is not an ABI name. */
class UpstreamVersionTest {

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "6.1.0-56-amd64 | Linux version 6.1.0-56-amd64 ... Debian 6.1.192-2 (2026-11-16) | 6.1.192",
            "7.1.0-rc7-amd64 | 7.1.0-rc7-amd64 (debian-kernel@lists.debian.org) #1 SMP | 7.1.0-rc7",
            "6.12.95+deb13-amd64 | 6.12.95+deb13-amd64 #1 SMP | 6.12.95",
            "7.0.13 | 7.0.13 #1 SMP | 7.0.13",
            "7.1-rc7 | 7.1-rc7 #1 | 7.1-rc7",
            // the banner of Debian unstable's arm64 Image (linux-binary-7.2.13+deb14-arm64 7.2.13-1): the compiler's
            // Debian signature comes first
            "7.2.13+deb14-arm64 | Linux version 7.2.13+deb14-arm64 (debian-kernel@lists.debian.org) (aarch64-linux-gnu-gcc-16"
                    + " (Debian 16.2.0-4) 16.2.0, GNU ld (GNU Binutils for Debian) 2.47.50.20261021) # SMP PREEMPT Debian 7.2.13-1"
                    + " (2026-10-28) | 7.2.13"})
    void upstreamVersion(String release, String banner, String expected) {
        Fact<String> v = KdumpKernelReader.upstreamVersion(Fact.of(release, "test"), Fact.of(banner, "test"));
        assertEquals(expected, v.value());
    }

    @ParameterizedTest
    @CsvSource({"6.1.0-56-amd64", "5.15.0-91-generic"})
    void anAbiNameWithoutABannerHasNone(String release) {
        assertFalse(KdumpKernelFacts.upstreamVersion(Fact.of(release, "test")).known());
    }
}
