package io.modelgate.provider;

import io.modelgate.analysis.ProviderResult;

import java.util.regex.Pattern;

/**
 * Numbers written as text, as Prometheus writes sample values ({@code "0.25"}, {@code "1e-05"},
 * {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}) and as some JSON APIs write theirs.
 */
final class SampleValues {

    /** A decimal number, optionally signed, with an optional exponent: no hex, no {@code d}/{@code f} suffix, no spaces. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private SampleValues() {
    }

    /**
     * {@code "NaN"} → NoData("... NaN"); {@code "+Inf"}, {@code "Inf"}, {@code "-Inf"} → Value(±Infinity);
     * a decimal number → Value; anything else → Error naming {@code what}.
     */
    static ProviderResult parse(String text, String what) {
        if (text == null) {
            return new ProviderResult.Error(what + " is missing");
        }
        switch (text) {
            case "NaN":
                return new ProviderResult.NoData("query returned NaN");
            case "+Inf":
            case "Inf":
                return new ProviderResult.Value(Double.POSITIVE_INFINITY);
            case "-Inf":
                return new ProviderResult.Value(Double.NEGATIVE_INFINITY);
            default:
                if (DECIMAL.matcher(text).matches()) {
                    return new ProviderResult.Value(Double.parseDouble(text));
                }
                return new ProviderResult.Error(what + " is not a number: \"" + Texts.abbreviate(text, 60) + "\"");
        }
    }
}
