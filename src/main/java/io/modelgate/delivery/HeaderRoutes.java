package io.modelgate.delivery;

import io.modelgate.api.CanaryStepSpec;
import io.modelgate.rollout.HeaderRoute;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A {@code setHeaderRoute} step read into its {@link HeaderRoute}; what the schema cannot check goes to the problems. */
final class HeaderRoutes {

    private HeaderRoutes() {
    }

    static HeaderRoute of(CanaryStepSpec.HeaderRouteSpec spec, int stepNumber, List<String> problems) {
        List<HeaderRoute.Match> matches = new ArrayList<>();
        for (CanaryStepSpec.HeaderMatchSpec match : spec.getMatch() == null ? List.<CanaryStepSpec.HeaderMatchSpec>of() : spec.getMatch()) {
            if (match == null || match.getHeaderName() == null) {
                continue;
            }
            if (match.getValue() != null) {
                matches.add(new HeaderRoute.Match(match.getHeaderName(), HeaderRoute.Kind.Exact, match.getValue()));
            } else if (match.getPrefix() != null) {
                matches.add(new HeaderRoute.Match(match.getHeaderName(), HeaderRoute.Kind.Prefix, match.getPrefix()));
            } else if (match.getRegex() != null) {
                try {
                    // The gateway's dialect (RE2, ECMAScript...) is not Java's, but what Java cannot read, none reads.
                    Pattern.compile(match.getRegex());
                    matches.add(new HeaderRoute.Match(match.getHeaderName(), HeaderRoute.Kind.Regex, match.getRegex()));
                } catch (PatternSyntaxException e) {
                    problems.add("step " + stepNumber + " setHeaderRoute " + spec.getName() + ": header " + match.getHeaderName()
                            + " regex is not a regular expression: " + e.getDescription());
                }
            }
        }
        long distinct = matches.stream().map(m -> m.headerName().toLowerCase(java.util.Locale.ROOT)).distinct().count();
        if (distinct < matches.size()) {
            problems.add("step " + stepNumber + " setHeaderRoute " + spec.getName() + ": a header is matched twice; Gateway API takes one match per header name");
        }
        return new HeaderRoute(spec.getName(), matches);
    }
}
