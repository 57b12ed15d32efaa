package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.SysfsCopy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A copy of /sys/kernel/boot_params: the real zero page of the QEMU/OVMF capture plus setup_data
 * nodes laid out the way arch/x86/kernel/ksysfs.c shows them (type as "0x%x\n", data = payload).
 * The nodes are constructed here: no capture of real setup_data payloads is available yet.
 */
class BootParamsDirectoryTest {

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A node whose type file reads "TYPE\n", as ksysfs writes it. */
    static void node(Path dir, int n, String type, byte[] data) throws Exception {
        SysfsCopy.setupDataNode(dir, n, type + "\n", data);
    }

    static Path sysfsCopy(Path tmp) throws Exception {
        Path dir = SysfsCopy.bootParams(tmp, "boot_params");
        Files.writeString(dir.resolve("version"), "0x0000\n");
        // SETUP_E820_EXT: two rows
        node(dir, 0, "0x1", le(40).putLong(0x100000000L).putLong(0x40000000L).putInt(1)
                .putLong(0x140000000L).putLong(0x1000L).putInt(2).array());
        node(dir, 1, "0x9", new byte[32]);                                       // SETUP_RNG_SEED
        node(dir, 2, "0x80000004", le(96).putLong(0x7f9ec018L).putLong(0).putLong(0x7f9e0000L)
                .putLong(0x7f918000L).array());                                  // indirect SETUP_EFI
        node(dir, 3, "0x80000000", le(24).putInt(0x80000001).putInt(0).putLong(400).putLong(0x7e000000L).array());
        node(dir, 4, "0x2", ByteBuffer.allocate(40).putInt(0xd00dfeed).putInt(0x48).array()); // SETUP_DTB
        node(dir, 5, "0x3", le(64).putShort((short) 0x1234).putShort((short) 0x1111).putInt(0)
                .putLong(16).putLong(0).putLong(0).putLong(1).putLong(0).array()); // SETUP_PCI, 16 ROM bytes
        node(dir, 6, "0x42", new byte[3]);                                       // a type this tool does not know
        return dir;
    }

    @Test
    void decodesEverySetupDataNodeByItsType(@TempDir Path tmp) throws Exception {
        Cli.Result r = Cli.run("inspect", "--format", "json", sysfsCopy(tmp).toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode rec = r.json().get("artifacts").get(0);
        assertEquals("boot-params", rec.get("kind").asText());
        assertEquals(0, rec.get("sysfsVersion").asLong());
        JsonNode sd = rec.get("setupData");
        assertEquals(7, sd.size());

        assertEquals("SETUP_E820_EXT", sd.get(0).get("typeName").asText());
        assertEquals(2, sd.get(0).get("e820").size());
        assertEquals(0x140000000L, sd.get(0).get("e820").get(1).get("addr").asLong());
        assertEquals(2, sd.get(0).get("e820").get(1).get("type").asLong());

        assertEquals("SETUP_RNG_SEED", sd.get(1).get("typeName").asText());
        assertEquals(32, sd.get(1).get("length").asLong());

        assertEquals("SETUP_INDIRECT|SETUP_EFI", sd.get(2).get("typeName").asText());
        assertEquals(0x7f918000L, sd.get(2).get("decoded").get("smbios").asLong());
        assertEquals(0x7f9ec018L, sd.get(2).get("decoded").get("fwVendor").asLong());

        assertEquals("SETUP_INDIRECT", sd.get(3).get("typeName").asText());
        assertEquals(400, sd.get(3).get("decoded").get("len").asLong());
        assertEquals(0x80000001L, sd.get(3).get("decoded").get("type").asLong());

        assertEquals(0x48, sd.get(4).get("fdtTotalSize").asLong());
        assertEquals(0x1234, sd.get(5).get("decoded").get("vendor").asLong());
        assertEquals(1, sd.get(5).get("decoded").get("device").asLong());
        assertEquals("unknown 0x42", sd.get(6).get("typeName").asText());
    }

    @Test
    void theDirectoryAndItsDataFileGiveTheSameZeroPage(@TempDir Path tmp) throws Exception {
        Path dir = sysfsCopy(tmp);
        JsonNode a = Cli.run("inspect", "--format", "json", dir.toString()).json().get("artifacts").get(0);
        JsonNode b = Cli.run("inspect", "--format", "json", dir.resolve("data").toString()).json().get("artifacts").get(0);
        assertEquals(a.get("screenInfo"), b.get("screenInfo"));
        assertEquals(a.get("e820"), b.get("e820"));
        assertEquals(a.get("setupHeader"), b.get("setupHeader"));
    }

    @Test
    void aSetupDataPayloadShorterThanItsStructIsRefusedWithTheNodeAndOffset(@TempDir Path tmp) throws Exception {
        Path dir = sysfsCopy(tmp);
        Files.write(dir.resolve("setup_data/5/data"), new byte[10]);
        Cli.Result r = Cli.run("inspect", dir.toString());
        assertEquals(3, r.exit());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().startsWith("kexec-inspect: " + dir + "/setup_data/5/data: offset 0xa: "), r.err());
        assertTrue(r.err().contains("pci_setup_rom"), r.err());
    }

    @Test
    void theLiveDirectoryOfThisMachineDecodesWhenItExists() {
        Path live = Path.of("/sys/kernel/boot_params");
        // not x86, or no sysfs in a sandbox: the captured copies above cover the format
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(live.resolve("data")), "no " + live);
        Cli.Result r = Cli.run("inspect", "--format", "json", live.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("boot-params", r.json().get("artifacts").get(0).get("kind").asText());
    }
}
