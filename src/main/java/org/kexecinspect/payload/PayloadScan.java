package org.kexecinspect.payload;

import java.util.List;

/**
 * What one pass over a decompressed kernel found.
 *
 * @param uncompressedSize bytes the payload expanded to
 * @param head the first {@link PayloadScanner#HEAD_LENGTH} bytes (fewer if the payload is shorter):
 *     enough for an ELF ident or an arm64 Image header
 * @param banner the {@code Linux version ...} line without its newline, or null when none was found
 * @param bannerOffset where the banner starts in the decompressed stream, or -1
 * @param ikconfig the embedded kernel config (IKCFG_ST ... IKCFG_ED, gunzipped), or null when the
 *     kernel carries none (CONFIG_IKCONFIG not built in)
 * @param ikconfigOffset where IKCFG_ST starts in the decompressed stream, or -1
 * @param warnings odd facts that did not stop the scan (e.g. an IKCONFIG block that would not gunzip)
 */
public record PayloadScan(long uncompressedSize, byte[] head, String banner, long bannerOffset, byte[] ikconfig,
        long ikconfigOffset, List<String> warnings) {

    public PayloadScan {
        head = head.clone();
        ikconfig = ikconfig == null ? null : ikconfig.clone();
        warnings = List.copyOf(warnings);
    }

    @Override public byte[] head() { return head.clone(); }

    @Override public byte[] ikconfig() { return ikconfig == null ? null : ikconfig.clone(); }

    /** The first word after "Linux version ", e.g. 6.1.0-56-cloud-amd64 (init/version.c linux_banner). */
    public String kernelRelease() {
        if (banner == null) {
            return null;
        }
        String rest = banner.substring(PayloadScanner.BANNER_PREFIX.length());
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
    }

    public boolean hasIkconfig() { return ikconfig != null; }
}
