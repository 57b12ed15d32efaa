package org.kexecinspect.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Java field table agrees with offsetof()/sizeof() compiled against this machine's kernel
 * UAPI headers (native-fixtures/layouts.c): same members, same order, same offsets and sizes.
 */
class NativeLayoutTest {

    record CField(String name, int offset, int size) {}

    static final Map<String, Integer> C_SIZES = new HashMap<>();
    static final Map<String, List<CField>> C_FIELDS = new LinkedHashMap<>();

    @BeforeAll
    static void runLayouts() throws Exception {
        for (String line : NativeStructs.run(NativeStructs.build("layouts"))) {
            String[] w = line.trim().split("\\s+");
            if (w[0].equals("sizeof")) {
                C_SIZES.put(w[1], Integer.parseInt(w[2]));
            } else if (w[0].equals("field")) {
                C_FIELDS.computeIfAbsent(w[1], k -> new ArrayList<>())
                        .add(new CField(w[2], Integer.parseInt(w[3]), Integer.parseInt(w[4])));
            }
        }
    }

    @Test
    void theNativeProgramDescribesEveryStructTheJavaTablesMirror() {
        for (String struct : NativeStructs.JAVA_LAYOUTS.keySet()) {
            assertTrue(C_SIZES.containsKey(struct), "layouts.c prints no sizeof for " + struct);
            assertTrue(C_FIELDS.containsKey(struct), "layouts.c prints no fields for " + struct);
        }
    }

    @Test
    void everyJavaTableHasTheSystemHeadersSizeAndMembers() {
        List<String> problems = new ArrayList<>();
        NativeStructs.JAVA_LAYOUTS.forEach((struct, layout) -> {
            if (C_SIZES.get(struct) != layout.size()) {
                problems.add(struct + ": sizeof " + C_SIZES.get(struct) + " in C, " + layout.size() + " in Java");
            }
            List<CField> c = C_FIELDS.getOrDefault(struct, List.of());
            List<String> cNames = c.stream().map(CField::name).toList();
            List<String> javaNames = layout.fields().stream().map(Layout.Field::name).toList();
            if (!cNames.equals(javaNames)) {
                problems.add(struct + ": members differ\n  C:    " + cNames + "\n  Java: " + javaNames);
            }
            for (CField f : c) {
                if (!layout.hasField(f.name())) {
                    continue;
                }
                Layout.Field j = layout.field(f.name());
                if (j.offset() != f.offset() || j.size() != f.size()) {
                    problems.add(String.format("%s.%s: C offset %d size %d, Java offset %d size %d",
                            struct, f.name(), f.offset(), f.size(), j.offset(), j.size()));
                }
            }
        });
        assertEquals(List.of(), problems, String.join("\n", problems));
    }
}
