package dev.atelier.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table whose columns are as wide as their longest cell, so ids of any length line up (fixed printf
 * widths broke on the first long model id). Columns named in {@code rightAligned} (sizes, counts) align right.
 */
final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final boolean[] right;

    Table(List<String> headers, int... rightAligned) {
        this.headers = List.copyOf(headers);
        this.right = new boolean[headers.size()];
        for (int c : rightAligned) {
            right[c] = true;
        }
    }

    Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "" : c.toString());
        }
        rows.add(r);
        return this;
    }

    void print(PrintStream out) {
        int[] width = new int[headers.size()];
        for (List<String> r : withHeader()) {
            for (int c = 0; c < r.size(); c++) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        for (List<String> r : withHeader()) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.size(); c++) {
                String cell = r.get(c);
                String pad = " ".repeat(width[c] - cell.length());
                line.append(right[c] ? pad + cell : c == r.size() - 1 ? cell : cell + pad);
                if (c < r.size() - 1) {
                    line.append("  ");
                }
            }
            out.println(line);
        }
    }

    private List<List<String>> withHeader() {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        return all;
    }
}
