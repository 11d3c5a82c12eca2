package io.modelgate.rollout;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A route that sends the requests matching every one of its header matches to the canary, whatever the weight
 * (a canary's {@code setHeaderRoute} step). Without matches it removes the route of that name.
 */
public record HeaderRoute(String name, List<Match> matches) {

    public enum Kind { Exact, Prefix, Regex }

    /** One header: its name and the value it has exactly, starts with, or matches as a regular expression. */
    public record Match(String headerName, Kind kind, String value) {
        public Match {
            Objects.requireNonNull(headerName, "headerName");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
        }

        /**
         * Gateway API matches a header exactly or by a regular expression only: a prefix becomes an anchored
         * expression whose prefix is quoted, so no character of it is read as a metacharacter.
         */
        public String gatewayType() {
            return kind == Kind.Exact ? "Exact" : "RegularExpression";
        }

        public String gatewayValue() {
            return switch (kind) {
                case Exact, Regex -> value;
                case Prefix -> "^" + escaped(value) + ".*";
            };
        }

        /** Every metacharacter escaped with a backslash: read the same by RE2, PCRE and ECMAScript (not so Java's \Q..\E). */
        static String escaped(String literal) {
            StringBuilder out = new StringBuilder();
            for (char c : literal.toCharArray()) {
                if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                    out.append('\\');
                }
                out.append(c);
            }
            return out.toString();
        }

        String describe() {
            return switch (kind) {
                case Exact -> headerName + "=" + value;
                case Prefix -> headerName + "=" + value + "*";
                case Regex -> headerName + "~" + value;
            };
        }
    }

    public HeaderRoute {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a header route needs a name");
        }
        matches = List.copyOf(matches);
    }

    public boolean removes() {
        return matches.isEmpty();
    }

    String describe() {
        return removes() ? "setHeaderRoute " + name + " removed"
                : "setHeaderRoute " + name + " (" + matches.stream().map(Match::describe).collect(Collectors.joining(", ")) + ")";
    }
}
