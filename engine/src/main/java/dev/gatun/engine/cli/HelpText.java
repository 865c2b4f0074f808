package dev.gatun.engine.cli;

import java.util.List;

/** Layout of help text: titled sections of two aligned columns. */
final class HelpText {
    /** Left column entries longer than this push their description to the next line instead of widening the column. */
    private static final int MAX_COLUMN = 24;

    private HelpText() {
    }

    /**
     * A section such as "Options:" with one {@code {term, description}} row per line, descriptions aligned;
     * ends with a blank line. Empty when there are no rows.
     */
    static String section(String title, List<String[]> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        int column = 0;
        for (String[] row : rows) {
            if (row[0].length() <= MAX_COLUMN) {
                column = Math.max(column, row[0].length());
            }
        }
        StringBuilder sb = new StringBuilder(title).append('\n');
        for (String[] row : rows) {
            sb.append("  ").append(row[0]);
            if (row[0].length() > column) {
                sb.append('\n').append(" ".repeat(column + 2));
            } else {
                sb.append(" ".repeat(column - row[0].length()));
            }
            sb.append("  ").append(row[1]).append('\n');
        }
        return sb.append('\n').toString();
    }
}
