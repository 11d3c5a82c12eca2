package io.modelgate.provider;

import java.net.URI;
import java.time.Duration;

/** Small text helpers for error messages, which end up in a revision's status. */
final class Texts {

    private Texts() {
    }

    /** At most {@code max} characters, whitespace runs folded, "…" marking a cut. */
    static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        String folded = text.strip().replaceAll("\\s+", " ");
        return folded.length() <= max ? folded : folded.substring(0, max) + "…";
    }

    /**
     * scheme://host:port/path of a URI, without user info, query or fragment: what may be shown in a status
     * (a query string can carry an API key).
     */
    static String redacted(URI uri) {
        StringBuilder out = new StringBuilder();
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            out.append(uri.getHost());
        }
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        }
        return out.toString();
    }

    /** "2s", "1.5s", "250ms". */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
