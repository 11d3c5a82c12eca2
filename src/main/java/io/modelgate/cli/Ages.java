package io.modelgate.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Ages and numbers the way kubectl prints them. */
public final class Ages {

    private Ages() {
    }

    /** An RFC 3339 time, or empty when absent or unreadable. */
    public static Optional<Instant> parse(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(rfc3339).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The age of an RFC 3339 time at {@code now} ({@code 4m}, {@code 3h12m}, {@code 2d}); empty when unknown. */
    public static String age(String rfc3339, Instant now) {
        return parse(rfc3339).map(t -> human(Duration.between(t, now))).orElse("");
    }

    /** kubectl's HumanDuration: {@code 45s}, {@code 3m20s}, {@code 25m}, {@code 5h30m}, {@code 20h}, {@code 3d4h}, {@code 40d}, {@code 2y10d}. */
    public static String human(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        long days = hours / 24;
        if (days < 8) {
            long h = hours % 24;
            return h == 0 ? days + "d" : days + "d" + h + "h";
        }
        if (days < 365 * 2) {
            return days + "d";
        }
        long years = days / 365;
        long d = days % 365;
        return d == 0 ? years + "y" : years + "y" + d + "d";
    }

    /** A metric value without binary noise: {@code 0.947}, {@code 100000}, {@code 1.0E-7}; empty for null. */
    public static String number(Double value) {
        if (value == null) {
            return "";
        }
        double v = value;
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e15) {
            return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
        return Double.toString(v);
    }
}
