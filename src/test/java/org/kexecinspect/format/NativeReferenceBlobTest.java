package org.kexecinspect.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.format.fb.FbLayouts;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoLayout;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Names;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Blobs written by C through the real struct definitions (native-fixtures/reference-blobs.c), with
 * a distinctive value in every member, read back by the Java parsers: every value must come back
 * exactly, through the views and through inspect's JSON.
 */
class NativeReferenceBlobTest {

    record Expected(String struct, String path, String value) {}

    @TempDir static Path dir;
    static final List<Expected> EXPECTED = new ArrayList<>();

    @BeforeAll
    static void writeBlobs() throws Exception {
        for (String line : NativeStructs.run(NativeStructs.build("reference-blobs"), dir.toString())) {
            String[] w = line.split(" ", 4);
            if (w[0].equals("value") || w[0].equals("string")) {
                EXPECTED.add(new Expected(w[1], w[2], w.length > 3 ? w[3] : ""));
            }
        }
        assertTrue(EXPECTED.size() > 150, "reference-blobs printed only " + EXPECTED.size() + " values");
    }

    /** Follows "hdr.version", "e820_table[2].addr", "red.offset" through a view. */
    static String resolve(View view, String path) {
        View v = view;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int index = 0;
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
                part = part.substring(0, bracket);
            }
            Layout.Field f = v.layout().field(part);
            if (i < parts.length - 1) {
                v = v.struct(f, index);
            } else if (f.kind() == Layout.Kind.CHARS) {
                return v.chars(f);
            } else {
                return Long.toUnsignedString(v.get(f, index));
            }
        }
        throw new IllegalArgumentException(path);
    }

    static View viewOf(String struct) throws Exception {
        Layout layout = NativeStructs.JAVA_LAYOUTS.get(struct);
        byte[] bytes = Files.readAllBytes(dir.resolve(struct + ".bin"));
        assertEquals(layout.size(), bytes.length, struct + ".bin size");
        return View.read(layout, ByteSource.of(struct, bytes), 0);
    }

    @Test
    void everyMemberWrittenThroughTheCStructsReadsBackExactly() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Expected e : EXPECTED) {
            String got = resolve(viewOf(e.struct()), e.path());
            if (!got.equals(e.value())) {
                wrong.add(e.struct() + "." + e.path() + ": C wrote " + e.value() + ", Java read " + got);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theParsersDeriveTheScreenInfoValuesFromTheRightMembers() throws Exception {
        ScreenInfo si = ScreenInfo.read(ByteSource.of("screen_info", Files.readAllBytes(dir.resolve("screen_info.bin"))), 0);
        long base = Long.parseUnsignedLong(value("screen_info", "lfb_base"));
        long ext = Long.parseUnsignedLong(value("screen_info", "ext_lfb_base"));
        // capabilities = 3 sets VIDEO_CAPABILITY_64BIT_BASE, so the high half joins
        assertEquals(base | ext << 32, si.lfbAddress());
        // VIDEO_TYPE_VLFB (0x23): lfb_size counts 64 KiB units
        assertEquals(0x23, si.videoTypeCode());
        assertEquals(Long.parseUnsignedLong(value("screen_info", "lfb_size")) << 16, si.lfbSizeBytes());

        BootParams bp = BootParams.read(ByteSource.of("boot_params",
                Files.readAllBytes(dir.resolve("boot_params.bin"))));
        assertEquals(3, bp.e820().size());
        assertEquals(Long.parseUnsignedLong(value("boot_params", "e820_table[1].addr")), bp.e820().get(1).addr());
        assertEquals(Long.parseUnsignedLong(value("boot_params", "acpi_rsdp_addr")), bp.acpiRsdpAddr());
        assertTrue(bp.efiBoot(), "EL64 signature");
        assertEquals(0x020f, bp.setupHeader().protocol());
        assertTrue(bp.setupHeader().isPresent(org.kexecinspect.format.x86.SetupHeaderLayout.KERNEL_INFO_OFFSET));
    }

    @Test
    void inspectPrintsEveryScalarMemberUnderItsCamelCaseName() throws Exception {
        JsonNode si = Cli.run("inspect", "--format", "json", dir.resolve("screen_info.bin").toString())
                .json().get("artifacts").get(0).get("screenInfo");
        JsonNode bp = Cli.run("inspect", "--format", "json", dir.resolve("boot_params.bin").toString())
                .json().get("artifacts").get(0);
        List<String> wrong = new ArrayList<>();
        for (Expected e : EXPECTED) {
            JsonNode node;
            if (e.struct().equals("screen_info")) {
                node = si.get(Names.json(e.path()));
            } else if (e.struct().equals("boot_params")) {
                node = bootParamsJson(bp, e.path());
            } else {
                continue;   // fbdev structs are decoded by a later issue
            }
            if (node == null || !node.asText().equals(e.value())) {
                wrong.add(e.struct() + "." + e.path() + ": C wrote " + e.value() + ", JSON has " + node);
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(ScreenInfoLayout.LAYOUT.fields().stream().filter(f -> f.kind() != Layout.Kind.PAD).count() + 3,
                si.size(), "every member plus videoType, lfbAddress, lfbSizeBytes");
    }

    private static JsonNode bootParamsJson(JsonNode bp, String path) {
        if (path.startsWith("screen_info.")) {
            return bp.get("screenInfo").get(Names.json(path.substring(12)));
        } else if (path.startsWith("hdr.")) {
            return bp.get("setupHeader").get(Names.json(path.substring(4)));
        } else if (path.startsWith("efi_info.")) {
            return bp.get("efiInfo").get(Names.json(path.substring(9)));
        } else if (path.startsWith("e820_table[")) {
            int i = Integer.parseInt(path.substring(11, path.indexOf(']')));
            return bp.get("e820").get(i).get(path.substring(path.indexOf("].") + 2));
        }
        return bp.get(Names.json(path));
    }

    private static String value(String struct, String path) {
        return EXPECTED.stream().filter(e -> e.struct().equals(struct) && e.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no value for " + struct + "." + path)).value();
    }
}
