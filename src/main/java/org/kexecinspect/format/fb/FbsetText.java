package org.kexecinspect.format.fb;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.TextInput;

/**
 * Parser for the output of {@code fbset -i}. The format was checked against fbset 2.1 and
 * Debian's fbset 2.1-33 (fbset.c DisplayVModeInfo and DisplayFBInfo). It was also checked
 * against that binary's real output in native-fixtures/fbset.
 *
 * <p>The mode block starts with {@code mode "WxH[-Hz]"} and ends with {@code endmode}. In between,
 * the {@code geometry} line gives xres yres vxres vyres depth, and the {@code timings} line gives
 * pixclock, the left/right/upper/lower margins and the hsync/vsync lengths. Each flag has its
 * own line, printed only when the flag is set. The {@code rgba} line gives each channel as
 * length/offset. Lines starting with {@code #} are comments.
 *
 * <p>After that comes "Frame buffer device information:", followed by lines of the form
 * {@code Key : value}. Lines the parser does not know are ignored. A known line that cannot be
 * read is an error, and so is a repeated block or a repeated line.
 *
 * <p>Error offsets count characters of the text, which are bytes for ASCII or Latin-1 input.
 */
public final class FbsetText {
    private FbsetText() {}

    /** Largest text accepted; real output is under 1 KiB. */
    public static final int MAX_TEXT_LENGTH = 64 << 10;
    /** Longest line; real lines are under 80 characters. */
    public static final int MAX_LINE_LENGTH = 1024;
    /** Most lines; real output has about 20. */
    public static final int MAX_LINES = 1024;

    static final String DEVICE_HEADER = "Frame buffer device information:";

    private static final Pattern MODE_LINE = Pattern.compile("mode\\s+\"([^\"]*)\"");
    private static final Pattern SIGNED = Pattern.compile("-?[0-9]{1,10}");
    private static final Pattern UNSIGNED = Pattern.compile("[0-9]{1,10}");
    private static final Pattern HEX = Pattern.compile("0[xX]([0-9a-fA-F]{1,16})");
    private static final Pattern CHANNEL = Pattern.compile("([0-9]{1,10})/([0-9]{1,10})");
    private static final Pattern INTERLEAVED = Pattern.compile("INTERLEAVED PLANES \\((-?[0-9]{1,10}) bytes interleave\\)");
    private static final Pattern UNKNOWN_TEXT = Pattern.compile("Unknown text \\((-?[0-9]{1,10})\\)");
    private static final Pattern UNKNOWN_VGA = Pattern.compile("Unknown VGA mode \\((-?[0-9]{1,10})\\)");
    private static final Pattern UNKNOWN_NUMBER = Pattern.compile("(-?[0-9]{1,10}) \\(UNKNOWN\\)");
    private static final Pattern UNKNOWN_ACCEL = Pattern.compile("Unknown \\((-?[0-9]{1,10})\\)");

    // FB_TYPE_* and FB_VISUAL_* of include/uapi/linux/fb.h, spelt as fbset.c DisplayFBInfo prints them
    private static final Map<String, Long> TYPES = Map.of("PACKED PIXELS", 0L, "PLANES", 1L);
    private static final Map<String, Long> VISUALS = Map.of("MONO01", 0L, "MONO10", 1L, "TRUECOLOR", 2L,
            "PSEUDOCOLOR", 3L, "DIRECTCOLOR", 4L, "STATIC PSEUDOCOLOR", 5L);
    // fbset.c Textmodes[] (type FB_TYPE_TEXT = 3) and VGAModes[] (FB_TYPE_VGA_PLANES = 4): name -> FB_AUX_* value
    private static final Map<String, Long> TEXT_MODES = Map.of("Monochrome text", 0L, "CGA/EGA/VGA Color text", 1L,
            "S3 MMIO fasttext", 2L, "MGA Millennium I step 16 text", 3L, "MGA step 8 text", 4L);
    private static final Map<String, Long> VGA_MODES = Map.of("VGA 16 colors in 4 planes", 0L,
            "VGA 16 colors in 1 plane", 1L, "VGA 256 colors in 4 planes", 2L);
    private static final long FB_TYPE_INTERLEAVED_PLANES = 2;
    private static final long FB_TYPE_TEXT = 3;
    private static final long FB_TYPE_VGA_PLANES = 4;

    /** Where a line sits, for errors. */
    private record Line(String source, int number, int offset) {
        FormatException error(String reason) {
            return new FormatException(source, offset, "line " + number + ": " + reason);
        }
    }

    /**
     * Parses the whole output of {@code fbset -i}.
     *
     * @param sourceName the artifact's name, used in errors and kept in the result
     * @throws FormatException when the text exceeds a cap, has no device block, repeats a block or
     *     line, or has a known line whose value cannot be read
     */
    public static FbsetInfo parse(String text, String sourceName) throws FormatException {
        ModeBuilder mode = null;
        FbsetMode finishedMode = null;
        DeviceBuilder device = null;
        boolean inMode = false;
        for (TextInput.Line l : TextInput.lines(text, sourceName, MAX_TEXT_LENGTH, MAX_LINE_LENGTH + 1, MAX_LINES,
                "fbset -i output")) {
            Line where = new Line(sourceName, l.number(), l.offset());
            String raw = l.text();
            if (raw.length() > MAX_LINE_LENGTH) {
                throw where.error("longer than " + MAX_LINE_LENGTH + " characters, not fbset -i output");
            }
            String t = raw.strip();
            if (inMode) {
                if (t.equals("endmode")) {
                    finishedMode = mode.build(where);
                    inMode = false;
                } else if (t.equals(DEVICE_HEADER)) {
                    throw where.error("the mode block has no endmode before the device information");
                } else {
                    mode.line(where, t);
                }
                continue;
            }
            Matcher m = MODE_LINE.matcher(t);
            if (m.matches()) {
                if (mode != null) {
                    throw where.error("a second mode block");
                }
                mode = new ModeBuilder(m.group(1));
                inMode = true;
                device = device == null ? null : device.close();
            } else if (t.equals(DEVICE_HEADER)) {
                if (device != null) {
                    throw where.error("a second \"" + DEVICE_HEADER + "\" block");
                }
                device = new DeviceBuilder();
            } else if (device != null && device.open) {
                device.line(where, raw);
            }
        }
        if (inMode) {
            throw new FormatException(sourceName, text.length(), "the mode block has no endmode");
        }
        if (device == null) {
            throw new FormatException(sourceName, -1, "no \"" + DEVICE_HEADER
                    + "\" block: not the output of fbset -i");
        }
        return new FbsetInfo(sourceName, Optional.ofNullable(finishedMode), device.build(sourceName));
    }

    /** A value fbset printed with %d from a u32: back to the u32. */
    static long signedU32(Line where, String what, String s) throws FormatException {
        if (!SIGNED.matcher(s).matches()) {
            throw where.error(what + " is not a number: " + TextInput.shown(s));
        }
        long v = Long.parseLong(s);
        if (v < Integer.MIN_VALUE || v > 0xffff_ffffL) {
            throw where.error(what + " does not fit 32 bits: " + s);
        }
        return v & 0xffff_ffffL;
    }

    /** A value fbset printed with %u. */
    static long unsignedU32(Line where, String what, String s) throws FormatException {
        if (!UNSIGNED.matcher(s).matches()) {
            throw where.error(what + " is not an unsigned number: " + TextInput.shown(s));
        }
        long v = Long.parseLong(s);
        if (v > 0xffff_ffffL) {
            throw where.error(what + " does not fit 32 bits: " + s);
        }
        return v;
    }

    /** A u16 that fbset printed with %d (promoted, so never negative). */
    static int u16(Line where, String what, String s) throws FormatException {
        long v = unsignedU32(where, what, s);
        if (v > 0xffff) {
            throw where.error(what + " does not fit 16 bits: " + s);
        }
        return (int) v;
    }

    /** An address: {@code 0} or {@code 0x…} (Debian's %#0lx), {@code (nil)} or {@code 0x…} (glibc's %p). */
    static long address(Line where, String what, String s) throws FormatException {
        if (s.equals("0") || s.equals("(nil)")) {
            return 0;
        }
        Matcher m = HEX.matcher(s);
        if (!m.matches()) {
            throw where.error(what + " is not an address (0, (nil) or 0x…): " + TextInput.shown(s));
        }
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    /** A bounded, printable rendering of a value for an error message. */
    private static final Set<String> MODE_BOOLEANS =
            Set.of("hsync", "vsync", "csync", "gsync", "extsync", "bcast", "laced", "double", "accel", "grayscale");

    /** fbset.c atoboolean(): the words fbset's own reader accepts. */
    private static boolean booleanValue(Line where, String key, String s) throws FormatException {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "high", "yes", "on", "1":
                return true;
            case "false", "low", "no", "off", "0":
                return false;
            default:
                throw where.error(key + " is neither true/high nor false/low: " + TextInput.shown(s));
        }
    }

    private static final class ModeBuilder {
        private final String name;
        private final Set<String> seen = new HashSet<>();
        private long[] geometry;
        private FbsetMode.Timings timings;
        private FbsetMode.Rgba rgba;
        private long sync;
        private boolean interlaced;
        private boolean doubleScan;
        private long nonstd;
        private boolean accel;
        private boolean grayscale;

        ModeBuilder(String name) {
            this.name = name;
        }

        void line(Line where, String t) throws FormatException {
            if (t.isEmpty() || t.startsWith("#")) {
                return;
            }
            String[] w = t.split("\\s+");
            String key = w[0];
            boolean known = key.equals("geometry") || key.equals("timings") || key.equals("rgba")
                    || key.equals("nonstd") || key.equals("sync") || MODE_BOOLEANS.contains(key);
            if (!known) {
                return;   // a keyword of a newer fbset: not ours to judge
            }
            if (!seen.add(key)) {
                throw where.error("a second " + key + " line in the mode block");
            }
            switch (key) {
                case "geometry" -> geometry = numbers(where, key, w, 5);
                case "timings" -> {
                    long[] n = numbers(where, key, w, 7);
                    timings = new FbsetMode.Timings(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
                }
                case "rgba" -> rgba = rgba(where, w);
                case "nonstd" -> nonstd = unsignedU32(where, key, single(where, key, w));
                case "sync" -> sync |= syncBits(where, single(where, key, w));
                default -> flag(key, booleanValue(where, key, single(where, key, w)));
            }
        }

        private void flag(String key, boolean on) {
            long bit = switch (key) {
                case "hsync" -> FbVar.FB_SYNC_HOR_HIGH_ACT;
                case "vsync" -> FbVar.FB_SYNC_VERT_HIGH_ACT;
                case "csync" -> FbVar.FB_SYNC_COMP_HIGH_ACT;
                case "gsync" -> FbVar.FB_SYNC_ON_GREEN;
                case "extsync" -> FbVar.FB_SYNC_EXT;
                case "bcast" -> FbVar.FB_SYNC_BROADCAST;
                default -> 0;
            };
            if (bit != 0) {
                sync = on ? sync | bit : sync & ~bit;
                return;
            }
            switch (key) {
                case "laced" -> interlaced = on;
                case "double" -> doubleScan = on;
                case "accel" -> accel = on;
                case "grayscale" -> grayscale = on;
                default -> throw new IllegalStateException(key);
            }
        }

        /** Debian's {@code sync 0x%x}: the sync bits that have no flag line of their own. */
        private static long syncBits(Line where, String s) throws FormatException {
            Matcher m = HEX.matcher(s);
            if (m.matches()) {
                long v = Long.parseUnsignedLong(m.group(1), 16);
                if (v > 0xffff_ffffL) {
                    throw where.error("sync does not fit 32 bits: " + s);
                }
                return v;
            }
            return unsignedU32(where, "sync", s);
        }

        private static String single(Line where, String key, String[] w) throws FormatException {
            if (w.length != 2) {
                throw where.error(key + " takes one value, the line has " + (w.length - 1));
            }
            return w[1];
        }

        private static long[] numbers(Line where, String key, String[] w, int count) throws FormatException {
            if (w.length != count + 1) {
                throw where.error(key + " takes " + count + " numbers, the line has " + (w.length - 1));
            }
            long[] n = new long[count];
            for (int i = 0; i < count; i++) {
                n[i] = signedU32(where, key, w[i + 1]);
            }
            return n;
        }

        private static FbsetMode.Rgba rgba(Line where, String[] w) throws FormatException {
            String spec = String.join("", java.util.Arrays.copyOfRange(w, 1, w.length));
            String[] parts = spec.split(",", -1);
            if (parts.length != 4) {
                throw where.error("rgba takes four length/offset pairs: " + TextInput.shown(spec));
            }
            FbsetMode.Channel[] c = new FbsetMode.Channel[4];
            for (int i = 0; i < 4; i++) {
                Matcher m = CHANNEL.matcher(parts[i]);
                if (!m.matches()) {
                    throw where.error("rgba channel is not length/offset: " + TextInput.shown(parts[i]));
                }
                c[i] = new FbsetMode.Channel(unsignedU32(where, "rgba length", m.group(1)),
                        unsignedU32(where, "rgba offset", m.group(2)));
            }
            return new FbsetMode.Rgba(c[0], c[1], c[2], c[3]);
        }

        FbsetMode build(Line where) throws FormatException {
            if (geometry == null) {
                throw where.error("the mode block \"" + TextInput.shown(name) + "\" has no geometry line");
            }
            return new FbsetMode(name, geometry[0], geometry[1], geometry[2], geometry[3], geometry[4],
                    Optional.ofNullable(timings), sync, interlaced, doubleScan, nonstd, accel, grayscale,
                    Optional.ofNullable(rgba));
        }
    }

    private static final class DeviceBuilder {
        /** Values by key, as printed (the Name value untrimmed), and the line each came from. */
        private final Map<String, String> values = new HashMap<>();
        private final Map<String, Line> lines = new HashMap<>();
        private boolean open = true;

        private static final Set<String> KEYS = Set.of("Name", "Address", "Size", "Type", "Type_aux", "Visual",
                "XPanStep", "YPanStep", "YWrapStep", "LineLength", "MMIO Address", "MMIO Size", "Accelerator");

        DeviceBuilder close() {
            open = false;
            return this;
        }

        void line(Line where, String raw) throws FormatException {
            int colon = raw.indexOf(':');
            if (colon < 0) {
                return;
            }
            String key = raw.substring(0, colon).strip();
            if (!KEYS.contains(key)) {
                return;
            }
            if (values.containsKey(key)) {
                throw where.error("a second " + key + " line in the device information");
            }
            String value = raw.substring(colon + 1);
            // fbset prints "Key : value": drop the one space it puts after the colon; the id keeps the rest as is
            value = value.startsWith(" ") ? value.substring(1) : value;
            values.put(key, key.equals("Name") ? value : value.strip());
            lines.put(key, where);
        }

        private String required(String source, String key) throws FormatException {
            String v = values.get(key);
            if (v == null) {
                throw new FormatException(source, -1, "the device information has no " + key
                        + " line: truncated or not fbset -i output");
            }
            return v;
        }

        FbsetDevice build(String source) throws FormatException {
            String id = required(source, "Name");
            Line at = lines.get("Name");
            if (id.length() > 16 || id.indexOf('\0') >= 0) {
                throw at.error("Name is not a fix.id (at most 16 characters, no NUL): " + TextInput.shown(id));
            }
            long smemStart = address(lines.get("Address"), "Address", required(source, "Address"));
            long smemLen = signedU32(lines.get("Size"), "Size", required(source, "Size"));

            String typeText = required(source, "Type");
            Line typeLine = lines.get("Type");
            long type;
            OptionalLong typeAux = OptionalLong.empty();
            Matcher m;
            if (TYPES.containsKey(typeText)) {
                type = TYPES.get(typeText);
            } else if ((m = INTERLEAVED.matcher(typeText)).matches()) {
                type = FB_TYPE_INTERLEAVED_PLANES;
                typeAux = OptionalLong.of(signedU32(typeLine, "Type", m.group(1)));
            } else if (TEXT_MODES.containsKey(typeText)) {
                type = FB_TYPE_TEXT;
                typeAux = OptionalLong.of(TEXT_MODES.get(typeText));
            } else if ((m = UNKNOWN_TEXT.matcher(typeText)).matches()) {
                type = FB_TYPE_TEXT;
                typeAux = OptionalLong.of(signedU32(typeLine, "Type", m.group(1)));
            } else if (VGA_MODES.containsKey(typeText)) {
                type = FB_TYPE_VGA_PLANES;
                typeAux = OptionalLong.of(VGA_MODES.get(typeText));
            } else if ((m = UNKNOWN_VGA.matcher(typeText)).matches()) {
                type = FB_TYPE_VGA_PLANES;
                typeAux = OptionalLong.of(signedU32(typeLine, "Type", m.group(1)));
            } else if ((m = UNKNOWN_NUMBER.matcher(typeText)).matches()) {
                type = signedU32(typeLine, "Type", m.group(1));
                if (values.containsKey("Type_aux")) {
                    typeAux = OptionalLong.of(signedU32(lines.get("Type_aux"), "Type_aux", values.get("Type_aux")));
                }
            } else {
                throw typeLine.error("Type is not one fbset prints: " + TextInput.shown(typeText));
            }
            if (values.containsKey("Type_aux") && !UNKNOWN_NUMBER.matcher(typeText).matches()) {
                throw lines.get("Type_aux").error("Type_aux line for a type fbset names (it prints one only for an unknown type)");
            }

            String visualText = required(source, "Visual");
            long visual;
            if (VISUALS.containsKey(visualText)) {
                visual = VISUALS.get(visualText);
            } else if ((m = UNKNOWN_NUMBER.matcher(visualText)).matches()) {
                visual = signedU32(lines.get("Visual"), "Visual", m.group(1));
            } else {
                throw lines.get("Visual").error("Visual is not one fbset prints: " + TextInput.shown(visualText));
            }

            int xpanstep = u16(lines.get("XPanStep"), "XPanStep", required(source, "XPanStep"));
            int ypanstep = u16(lines.get("YPanStep"), "YPanStep", required(source, "YPanStep"));
            int ywrapstep = u16(lines.get("YWrapStep"), "YWrapStep", required(source, "YWrapStep"));
            long lineLength = signedU32(lines.get("LineLength"), "LineLength", required(source, "LineLength"));

            boolean hasMmioAddress = values.containsKey("MMIO Address");
            if (hasMmioAddress != values.containsKey("MMIO Size")) {
                Line l = lines.get(hasMmioAddress ? "MMIO Address" : "MMIO Size");
                throw l.error("MMIO Address and MMIO Size come together in fbset -i output; only one is here");
            }
            OptionalLong mmioStart = hasMmioAddress
                    ? OptionalLong.of(address(lines.get("MMIO Address"), "MMIO Address", values.get("MMIO Address")))
                    : OptionalLong.empty();
            long mmioLen = hasMmioAddress ? signedU32(lines.get("MMIO Size"), "MMIO Size", values.get("MMIO Size")) : 0;

            String accelerator = required(source, "Accelerator");
            OptionalLong accel;
            if (accelerator.equals("No")) {
                accel = OptionalLong.of(0);   // FB_ACCEL_NONE
            } else if ((m = UNKNOWN_ACCEL.matcher(accelerator)).matches()) {
                accel = OptionalLong.of(signedU32(lines.get("Accelerator"), "Accelerator", m.group(1)));
            } else if (accelerator.isEmpty()) {
                throw lines.get("Accelerator").error("Accelerator is empty");
            } else {
                accel = OptionalLong.empty();
            }
            return new FbsetDevice(id, smemStart, smemLen, type, typeAux, typeText, visual, xpanstep, ypanstep,
                    ywrapstep, lineLength, mmioStart, mmioLen, accel, accelerator);
        }
    }
}
