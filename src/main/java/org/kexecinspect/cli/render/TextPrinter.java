package org.kexecinspect.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints report trees for people: one aligned {@code field  value  meaning} line per scalar,
 * nested objects as indented groups, arrays of flat objects as tables. Addresses and flags are
 * zero-padded hex, sizes also human-readable.
 */
public final class TextPrinter {
    private static final int MAX_LABEL = 28;
    private static final int MAX_VALUE = 22;

    private final PrintWriter out;

    public TextPrinter(PrintWriter out) { this.out = out; }

    /** A record: a title line, then its members. */
    public void record(String title, Node.Obj record) {
        out.println(title);
        object(record, "  ");
        out.flush();
    }

    private void object(Node.Obj o, String indent) {
        List<Node.Entry> block = new ArrayList<>();
        for (Node.Entry e : o.entries()) {
            if (isScalar(e.value()) || isScalarArray(e.value())) {
                block.add(e);
                continue;
            }
            flush(block, indent);
            if (e.value() instanceof Node.Obj child) {
                out.println(indent + e.label());
                object(child, indent + "  ");
            } else if (e.value() instanceof Node.Arr arr) {
                array(e.label(), arr, indent);
            }
        }
        flush(block, indent);
    }

    private void array(String label, Node.Arr arr, String indent) {
        if (isTable(arr)) {
            table(label, arr, indent);
            return;
        }
        for (int i = 0; i < arr.items().size(); i++) {
            Node item = arr.items().get(i);
            if (item instanceof Node.Obj child) {
                out.println(indent + label + "[" + i + "]");
                object(child, indent + "  ");
            } else {
                out.println(indent + label + "[" + i + "]  " + scalar(item));
            }
        }
    }

    private void flush(List<Node.Entry> block, String indent) {
        if (block.isEmpty()) {
            return;
        }
        int labelWidth = 0;
        int valueWidth = 0;
        for (Node.Entry e : block) {
            labelWidth = Math.max(labelWidth, Math.min(MAX_LABEL, e.label().length()));
            valueWidth = Math.max(valueWidth, Math.min(MAX_VALUE, value(e).length()));
        }
        for (Node.Entry e : block) {
            String meaning = e.meaning();
            if (meaning == null && e.value() instanceof Node.Null n) {
                meaning = n.why();
            }
            if (e.value() instanceof Node.Arr a && a.items().size() > 1 && a.items().get(0) instanceof Node.Str) {
                // sentences: one per line, under each other
                String lead = indent + pad(e.label(), labelWidth) + "  ";
                for (Node item : a.items()) {
                    out.println((lead + scalar(item)).stripTrailing());
                    lead = " ".repeat(lead.length());
                }
                continue;
            }
            String line = indent + pad(e.label(), labelWidth) + "  "
                    + (meaning == null || meaning.isEmpty() ? value(e) : pad(value(e), valueWidth) + "  " + meaning);
            out.println(line.stripTrailing());
        }
        block.clear();
    }

    private void table(String label, Node.Arr arr, String indent) {
        if (arr.items().isEmpty()) {
            out.println(indent + label + "  (none)");
            return;
        }
        List<Node.Entry> columns = ((Node.Obj) arr.items().get(0)).entries();
        int[] widths = new int[columns.size()];
        List<String[]> rows = new ArrayList<>();
        for (Node item : arr.items()) {
            List<Node.Entry> cells = ((Node.Obj) item).entries();
            String[] row = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                Node.Entry cell = cells.get(c);
                row[c] = cell.meaning() != null ? value(cell) + " " + cell.meaning() : value(cell);
                widths[c] = Math.max(widths[c], row[c].length());
            }
            rows.add(row);
        }
        String[] head = new String[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            head[c] = columns.get(c).label();
            widths[c] = Math.max(widths[c], head[c].length());
        }
        out.println(indent + label);
        out.println(row(indent + "  ", head, widths));
        for (String[] r : rows) {
            out.println(row(indent + "  ", r, widths));
        }
    }

    private static String row(String indent, String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder(indent);
        for (int c = 0; c < cells.length; c++) {
            b.append(c == cells.length - 1 ? cells[c] : pad(cells[c], widths[c]) + "  ");
        }
        return b.toString().stripTrailing();
    }

    private static boolean isScalar(Node n) {
        return !(n instanceof Node.Obj) && !(n instanceof Node.Arr);
    }

    private static boolean isScalarArray(Node n) {
        return n instanceof Node.Arr a && a.items().stream().allMatch(TextPrinter::isScalar);
    }

    private static boolean isTable(Node.Arr arr) {
        if (arr.items().isEmpty()) {
            return true;
        }
        List<String> keys = null;
        for (Node item : arr.items()) {
            if (!(item instanceof Node.Obj o) || !o.entries().stream().allMatch(e -> isScalar(e.value()))) {
                return false;
            }
            List<String> k = o.entries().stream().map(Node.Entry::key).toList();
            if (keys != null && !keys.equals(k)) {
                return false;
            }
            keys = k;
        }
        return true;
    }

    private static String value(Node.Entry e) {
        if (e.value() instanceof Node.Arr a) {
            if (a.items().isEmpty()) {
                return "(none)";
            }
            if (a.items().size() > 4 && a.items().stream().allMatch(n -> n instanceof Node.Num num && num.value() == 0)) {
                return "all zero (" + a.items().size() + " values)";
            }
            List<String> parts = new ArrayList<>();
            for (Node n : a.items()) {
                parts.add(scalar(n));
            }
            return String.join(", ", parts);
        }
        return scalar(e.value());
    }

    static String scalar(Node n) {
        if (n instanceof Node.Num num) {
            return switch (num.style()) {
                case HEX -> "0x" + zeroPad(Long.toHexString(num.value()), num.width() * 2);
                case DEC -> Long.toUnsignedString(num.value());
                case SIZE -> Long.toUnsignedString(num.value()) + human(num.value());
            };
        }
        if (n instanceof Node.Str s) {
            return s.value();
        }
        if (n instanceof Node.Bytes b) {
            byte[] bytes = b.value();
            int nonZero = 0;
            for (byte x : bytes) {
                nonZero += x != 0 ? 1 : 0;
            }
            if (nonZero == 0) {
                return "all zero (" + bytes.length + " bytes)";
            }
            String head = java.util.HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(8, bytes.length));
            return head + (bytes.length > 8 ? " ..." : "") + " (" + nonZero + " of " + bytes.length + " bytes non-zero)";
        }
        if (n instanceof Node.Bool b) {
            return b.value() ? "yes" : "no";
        }
        if (n instanceof Node.Null) {
            return "-";
        }
        return "";
    }

    /** " (3.9 MiB)" for sizes of a KiB and more, "" below. */
    static String human(long bytes) {
        if (bytes < 1024 && bytes >= 0) {
            return "";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes < 0 ? Math.pow(2, 64) + bytes : bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        long tenths = Math.round(v * 10);
        String num = tenths % 10 == 0 ? String.valueOf(tenths / 10) : tenths / 10 + "." + tenths % 10;
        return " (" + num + " " + units[u] + ")";
    }

    private static String zeroPad(String s, int width) {
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
