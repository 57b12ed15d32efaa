package org.kexecinspect.payload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One pass over a decompressed kernel with a small sliding window, never the whole image in
 * memory: counts its size, keeps its first bytes, and finds the version banner and the embedded
 * config.
 */
public final class PayloadScanner {
    /** init/version.c: linux_banner starts "Linux version " followed by UTS_RELEASE. */
    public static final String BANNER_PREFIX = "Linux version ";
    /** kernel/configs.c wraps the gzipped .config in these markers (CONFIG_IKCONFIG=y). */
    static final String IKCONFIG_START = "IKCFG_ST";
    static final String IKCONFIG_END = "IKCFG_ED";

    public static final int HEAD_LENGTH = 64;
    /** Longest banner kept; real ones are about 150 characters. */
    public static final int MAX_BANNER = 512;
    /** Longest gzipped config accepted between the markers; real ones are 30-70 KiB. */
    public static final int MAX_IKCONFIG_COMPRESSED = 2 << 20;
    /** Longest config text accepted once gunzipped (format.text.KernelConfig's own cap). */
    public static final int MAX_IKCONFIG_TEXT = 8 << 20;

    /** Bytes read from the decoder per step; the window boundaries the tests put patterns across. */
    static final int CHUNK = 1 << 18;
    private static final Pattern BANNER = new Pattern(BANNER_PREFIX);
    private static final Pattern IK_START = new Pattern(IKCONFIG_START);
    private static final Pattern IK_END = new Pattern(IKCONFIG_END);
    /**
     * Bytes kept from the previous chunk so a pattern split across two reads is still found: the
     * banner prefix and the one byte after it that tells a banner from a format string.
     */
    private static final int CARRY = Math.max(BANNER.length(), Math.max(IK_START.length(), IK_END.length())) + 1;

    private PayloadScanner() {}

    /** Thrown when the payload expands past the caller's cap. */
    public static final class TooLargeException extends PayloadException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long cap) {
            super("expands past the " + cap + "-byte cap on decompressed size (a decompression bomb? "
                    + "raise it with --max-payload)");
        }
    }

    /** Scans {@code decompressed} to its end; fails once more than {@code maxOutput} bytes come out. */
    public static PayloadScan scan(InputStream decompressed, long maxOutput) throws IOException {
        return new State(maxOutput).run(decompressed);
    }

    private static final class State {
        final long maxOutput;
        final byte[] buf = new byte[CARRY + CHUNK];
        final byte[] head = new byte[HEAD_LENGTH];
        int headLength;
        long total;
        final List<String> warnings = new ArrayList<>();

        ByteArrayOutputStream banner;       // collecting the banner line
        String bannerText;
        long bannerOffset = -1;

        ByteArrayOutputStream ikconfig;     // collecting the gzip data after IKCFG_ST
        long ikconfigOffset = -1;
        byte[] ikconfigText;
        boolean ikconfigDone;

        State(long maxOutput) { this.maxOutput = maxOutput; }

        PayloadScan run(InputStream in) throws IOException {
            int carry = 0;
            while (true) {
                int n = in.readNBytes(buf, carry, CHUNK);
                if (n <= 0) {
                    break;
                }
                total += n;
                if (total > maxOutput) {
                    throw new TooLargeException(maxOutput);
                }
                long base = total - n - carry;     // stream offset of buf[0]
                if (headLength < HEAD_LENGTH) {
                    int k = Math.min(HEAD_LENGTH - headLength, n);
                    System.arraycopy(buf, carry, head, headLength, k);
                    headLength += k;
                }
                int limit = carry + n;
                banner(base, carry, limit);
                ikconfig(base, carry, limit);
                carry = Math.min(CARRY, limit);
                System.arraycopy(buf, limit - carry, buf, 0, carry);
            }
            if (banner != null && bannerText == null) {
                bannerText = text(banner.toByteArray());    // the stream ended inside the banner
            }
            if (ikconfig != null && !ikconfigDone) {
                warnings.add("IKCFG_ST at 0x" + Long.toHexString(ikconfigOffset) + " has no IKCFG_ED after it");
            }
            return new PayloadScan(total, Arrays.copyOf(head, headLength), bannerText, bannerOffset,
                    ikconfigText, ikconfigOffset, warnings);
        }

        /** Finds the first "Linux version " followed by a release, then collects up to the newline. */
        void banner(long base, int carry, int limit) {
            if (bannerText != null) {
                return;
            }
            int from = carry;       // new bytes of this chunk
            // a match whose following byte was beyond the last chunk is tried again here
            int searchFrom = Math.max(0, carry - BANNER.length());
            while (banner == null) {
                int at = BANNER.find(buf, searchFrom, limit);
                if (at < 0) {
                    return;
                }
                int next = at + BANNER.length();
                if (next >= limit) {
                    return;             // decided with the next chunk, which still holds this match
                }
                if (isReleaseStart(buf[next])) {
                    banner = new ByteArrayOutputStream();
                    bannerOffset = base + at;
                    banner.write(buf, at, BANNER.length());
                    from = next;
                } else {
                    searchFrom = at + 1;    // not a banner (e.g. a format string); search on
                }
            }
            for (int i = from; i < limit; i++) {
                byte b = buf[i];
                if (b == '\n' || b == 0 || banner.size() >= MAX_BANNER) {
                    bannerText = text(banner.toByteArray());
                    return;
                }
                banner.write(b);
            }
        }

        void ikconfig(long base, int carry, int limit) throws IOException {
            if (ikconfigDone) {
                return;
            }
            int from = carry;
            if (ikconfig == null) {
                int at = IK_START.find(buf, Math.max(0, carry - (IK_START.length() - 1)), limit);
                if (at < 0) {
                    return;
                }
                ikconfig = new ByteArrayOutputStream();
                ikconfigOffset = base + at;
                from = at + IK_START.length();
            }
            int end = IK_END.find(buf, Math.max(from - (IK_END.length() - 1), 0), limit);
            if (end >= 0 && base + end >= ikconfigOffset + IK_START.length()) {
                // bytes of a split end marker already copied are dropped by the length cut
                long length = base + end - (ikconfigOffset + IK_START.length());
                if (end > from) {
                    ikconfig.write(buf, from, end - from);
                }
                byte[] gz = Arrays.copyOf(ikconfig.toByteArray(), (int) length);
                ikconfigDone = true;
                ikconfig = null;
                ikconfigText = gunzip(gz);
                return;
            }
            ikconfig.write(buf, from, limit - from);
            if (ikconfig.size() > MAX_IKCONFIG_COMPRESSED) {
                warnings.add("IKCFG_ST at 0x" + Long.toHexString(ikconfigOffset) + " has no IKCFG_ED within "
                        + MAX_IKCONFIG_COMPRESSED + " bytes; ignored");
                ikconfigDone = true;
                ikconfig = null;
            }
        }

        byte[] gunzip(byte[] gz) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                byte[] text = in.readNBytes(MAX_IKCONFIG_TEXT + 1);
                if (text.length > MAX_IKCONFIG_TEXT) {
                    warnings.add("the embedded config expands past " + MAX_IKCONFIG_TEXT + " bytes; ignored");
                    return null;
                }
                return text;
            } catch (IOException e) {
                warnings.add("the embedded config at 0x" + Long.toHexString(ikconfigOffset)
                        + " does not gunzip: " + e.getMessage());
                return null;
            }
        }

        static boolean isReleaseStart(byte b) {
            return b > ' ' && b < 0x7f && b != '%';
        }

        static String text(byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
