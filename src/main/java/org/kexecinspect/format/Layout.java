package org.kexecinspect.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of one C structure as the kernel declares it: its name, its fields in declaration
 * order with offsets derived from each other, and its size. Field tables are written with a
 * {@link Builder} so that they read like the struct definition in the kernel header they mirror;
 * the native-fixtures test compares every table with offsetof() from the system's own headers.
 */
public final class Layout {

    /** What a field holds. */
    public enum Kind {
        /** Unsigned little-endian integer of 1, 2, 4 or 8 bytes, or an array of them. */
        UINT,
        /** A char array holding a NUL-terminated string. */
        CHARS,
        /** Bytes the tool shows only as bytes (opaque or obsolete members). */
        BYTES,
        /** Padding or reserved bytes: kept for round trips, never shown. */
        PAD,
        /** A nested struct, or an array of them. */
        STRUCT
    }

    /** Data model of the target ABI: the width of C's {@code unsigned long}. */
    public enum Abi {
        LP64(8), ILP32(4);

        public final int longSize;

        Abi(int longSize) { this.longSize = longSize; }
    }

    /**
     * One member. {@code size} is the whole member (all elements of an array); {@code count} is 1
     * for a plain member. {@code since} is the x86 boot protocol version that introduced it (0 when
     * the question does not apply).
     */
    public record Field(String name, int offset, int size, Kind kind, int count, int since, Layout nested) {

        public int elementSize() { return size / count; }

        public int end() { return offset + size; }

        public boolean isArray() { return count > 1; }

        /** The kernel's name in lowerCamelCase, as JSON spells it ({@code orig_video_isVGA} → {@code origVideoIsVGA}). */
        public String jsonName() { return camelCase(name); }

        // Written out because fields are map keys on every run: the record's generated equals and
        // hashCode link through ObjectMethods.bootstrap, about 10 ms of method-handle spinning at start-up.
        @Override public boolean equals(Object o) {
            return this == o || o instanceof Field f && offset == f.offset && size == f.size && count == f.count
                    && since == f.since && kind == f.kind && java.util.Objects.equals(name, f.name) && java.util.Objects.equals(nested, f.nested);
        }

        @Override public int hashCode() {
            return ((java.util.Objects.hashCode(name) * 31 + offset) * 31 + size) * 31 + count;
        }
    }

    private final String name;
    private final int size;
    private final int alignment;
    private final List<Field> fields;
    private final Map<String, Field> byName;

    private Layout(String name, int size, int alignment, List<Field> fields) {
        this.name = name;
        this.size = size;
        this.alignment = alignment;
        this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
        Map<String, Field> map = new LinkedHashMap<>();
        for (Field f : fields) {
            if (map.put(f.name(), f) != null) {
                throw new IllegalStateException(name + ": duplicate field " + f.name());
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    public String name() { return name; }

    public int size() { return size; }

    public int alignment() { return alignment; }

    public List<Field> fields() { return fields; }

    public Field field(String fieldName) {
        Field f = byName.get(fieldName);
        if (f == null) {
            throw new IllegalArgumentException(name + " has no field " + fieldName);
        }
        return f;
    }

    public boolean hasField(String fieldName) { return byName.containsKey(fieldName); }

    /** A struct declared {@code __attribute__((packed))}: each member follows the previous one. */
    public static Builder packed(String name) { return new Builder(name, null); }

    /** A struct with natural alignment for the given ABI (e.g. the fbdev ioctl structs). */
    public static Builder natural(String name, Abi abi) { return new Builder(name, abi); }

    static String camelCase(String kernelName) {
        String s = kernelName;
        while (s.startsWith("_")) {
            s = s.substring(1);
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean upper = false;
        for (char c : s.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /**
     * Appends members in declaration order and derives each offset from the previous member.
     * Used only while a layout class initialises; {@link #build(int)} freezes it.
     */
    public static final class Builder {
        private final String name;
        private final Abi abi;
        private final List<Field> fields = new ArrayList<>();
        private int offset;
        private int maxAlign = 1;
        private boolean built;

        private Builder(String name, Abi abi) {
            this.name = name;
            this.abi = abi;
        }

        private Field add(String fieldName, int elementSize, int count, Kind kind, int since, Layout nested, int align) {
            if (built) {
                throw new IllegalStateException(name + " is already built");
            }
            if (abi != null) {
                offset = (offset + align - 1) / align * align;
                maxAlign = Math.max(maxAlign, align);
            }
            Field f = new Field(fieldName, offset, elementSize * count, kind, count, since, nested);
            fields.add(f);
            offset += f.size();
            return f;
        }

        private Field uint(String fieldName, int size, int count, int since) {
            return add(fieldName, size, count, Kind.UINT, since, null, size);
        }

        public Field u8(String fieldName) { return uint(fieldName, 1, 1, 0); }

        public Field u16(String fieldName) { return uint(fieldName, 2, 1, 0); }

        public Field u32(String fieldName) { return uint(fieldName, 4, 1, 0); }

        public Field u64(String fieldName) { return uint(fieldName, 8, 1, 0); }

        /** A member introduced by x86 boot protocol {@code since} (e.g. 0x020c for 2.12). */
        public Field u8(String fieldName, int since) { return uint(fieldName, 1, 1, since); }

        public Field u16(String fieldName, int since) { return uint(fieldName, 2, 1, since); }

        public Field u32(String fieldName, int since) { return uint(fieldName, 4, 1, since); }

        public Field u64(String fieldName, int since) { return uint(fieldName, 8, 1, since); }

        /** C's {@code unsigned long}: its width depends on the ABI. */
        public Field ulong(String fieldName) {
            if (abi == null) {
                throw new IllegalStateException(name + ": unsigned long needs an ABI");
            }
            return uint(fieldName, abi.longSize, 1, 0);
        }

        public Field u32Array(String fieldName, int count) { return uint(fieldName, 4, count, 0); }

        public Field chars(String fieldName, int length) { return add(fieldName, 1, length, Kind.CHARS, 0, null, 1); }

        public Field bytes(String fieldName, int length) { return add(fieldName, 1, length, Kind.BYTES, 0, null, 1); }

        /** Padding or reserved bytes (the kernel's {@code _padN}, {@code _reserved}, {@code reserved}). */
        public Field pad(String fieldName, int length) { return add(fieldName, 1, length, Kind.PAD, 0, null, 1); }

        public Field pad(String fieldName, int elementSize, int count) {
            return add(fieldName, elementSize, count, Kind.PAD, 0, null, elementSize);
        }

        public Field struct(String fieldName, Layout nested) {
            return add(fieldName, nested.size(), 1, Kind.STRUCT, 0, nested, nested.alignment());
        }

        public Field structArray(String fieldName, Layout element, int count) {
            return add(fieldName, element.size(), count, Kind.STRUCT, 0, element, element.alignment());
        }

        /** Current offset: lets a table pad up to a fixed offset the way the kernel header does. */
        public int offset() { return offset; }

        /** Freezes the table and checks the total size the kernel states. */
        public Layout build(int expectedSize) {
            int size = abi == null ? offset : (offset + maxAlign - 1) / maxAlign * maxAlign;
            if (size != expectedSize) {
                throw new IllegalStateException(name + " is " + size + " bytes, expected " + expectedSize);
            }
            built = true;
            return new Layout(name, size, maxAlign, fields);
        }
    }
}
