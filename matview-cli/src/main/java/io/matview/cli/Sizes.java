package io.matview.cli;

/** Byte counts as pg_size_pretty writes them. */
final class Sizes {
    private Sizes() {
    }

    static String format(long bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 10 * 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return Math.round(value) + " " + units[unit];
    }
}
