package io.modelgate.analysis;

import java.math.BigDecimal;

/**
 * Decimal arithmetic for bounds, as people write them. In binary, 0.02 * 1.1 is 0.022000000000000002,
 * so a canary at exactly 0.022 would "exceed" stable 0.02 × 1.1; in decimal (each double taken at its
 * shortest decimal representation, {@link BigDecimal#valueOf(double)}) the product is exactly 0.022.
 * Infinities, which BigDecimal cannot hold, are handled apart: {@code null} below stands for none.
 */
final class Numbers {

    private static final BigDecimal PLAIN_MIN = new BigDecimal("1e-6");
    private static final BigDecimal PLAIN_MAX = new BigDecimal("1e15");

    private Numbers() {
    }

    /** A finite or infinite number: either {@code decimal} (finite) or {@code infinity} (+1 or -1). */
    record Num(BigDecimal decimal, int infinity) {

        static Num of(double value) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("NaN");
            }
            if (Double.isInfinite(value)) {
                return new Num(null, value > 0 ? 1 : -1);
            }
            return new Num(BigDecimal.valueOf(value), 0);
        }

        /** this × ratio, ratio finite and >= 0; anything × 0 is 0 (also ±Inf × 0: a zero ratio means "at most 0"). */
        Num times(double ratio) {
            BigDecimal r = BigDecimal.valueOf(ratio);
            if (r.signum() == 0) {
                return new Num(BigDecimal.ZERO, 0);
            }
            if (decimal == null) {
                return new Num(null, infinity * r.signum());
            }
            return new Num(decimal.multiply(r), 0);
        }

        int compareTo(Num other) {
            if (decimal == null || other.decimal == null) {
                int mine = decimal == null ? infinity : 0;
                int theirs = other.decimal == null ? other.infinity : 0;
                if (mine != theirs) {
                    return Integer.compare(mine, theirs);
                }
                // Both finite cannot happen here; both the same infinity are equal.
                return 0;
            }
            return decimal.compareTo(other.decimal);
        }

        @Override
        public String toString() {
            return decimal == null ? (infinity > 0 ? "+Inf" : "-Inf") : format(decimal);
        }
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return format(BigDecimal.valueOf(value));
    }

    static String format(Double value) {
        return value == null ? "none" : format(value.doubleValue());
    }

    static String format(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        BigDecimal magnitude = stripped.abs();
        if (stripped.signum() == 0) {
            return "0";
        }
        if (magnitude.compareTo(PLAIN_MIN) >= 0 && magnitude.compareTo(PLAIN_MAX) < 0) {
            return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
        }
        return Double.toString(stripped.doubleValue());
    }
}
