package io.modelgate.delivery;

import io.modelgate.rollout.HeaderRoute;
import io.modelgate.rollout.RouteExtras;
import io.modelgate.rollout.TrafficSplit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rollout on an HTTPRoute. The rules that reference the stable or canary Service (the managed rules) get both, at
 * the split's weights (a rule with only the stable backend gets the canary one added); with a mirror, a
 * {@code RequestMirror} filter to the canary Service; with header routes, one rule each, named
 * {@code modelgate-header-<name>}, placed before the managed rules: their matches with the route's headers added,
 * sending to the canary only (Gateway API gives a match with more headers precedence anyway). The operator's own
 * filter and rules are recognised by the canary Service they send to and removed when the rollout no longer has
 * them. Other backendRefs, filters and rules are left as they are.
 */
public final class RouteRules {

    static final String HEADER_RULE_PREFIX = "modelgate-header-";

    /** @param rules the new rules, when anything changed */
    public record Rewrite(boolean referenced, Optional<List<Object>> rules) {
    }

    private RouteRules() {
    }

    public static Rewrite withWeights(List<Map<String, Object>> rules, String stableService, String canaryService, int port,
                                      TrafficSplit.RouteWeights weights) {
        return rewrite(rules, stableService, canaryService, port, weights, RouteExtras.NONE);
    }

    public static Rewrite rewrite(List<Map<String, Object>> rules, String stableService, String canaryService, int port,
                                  TrafficSplit.RouteWeights weights, RouteExtras extras) {
        List<Map<String, Object>> observed = rules == null ? List.of() : rules;
        List<Map<String, Object>> kept = observed.stream().filter(rule -> !ownHeaderRule(rule, canaryService)).toList();
        List<Map<String, Object>> managed = kept.stream().filter(rule -> managed(rule, stableService, canaryService)).toList();
        List<Object> desired = new ArrayList<>();
        for (Map<String, Object> rule : kept) {
            if (rule == managed.stream().findFirst().orElse(null)) {
                for (HeaderRoute route : extras.headerRoutes()) {
                    for (int i = 0; i < managed.size(); i++) {
                        String name = HEADER_RULE_PREFIX + route.name() + (managed.size() > 1 ? "-" + (i + 1) : "");
                        desired.add(headerRule(name, managed.get(i), route, canaryService, port));
                    }
                }
            }
            desired.add(managed.contains(rule) ? weighted(rule, stableService, canaryService, port, weights, extras.mirrorPercent()) : rule);
        }
        boolean changed = !RouteObjects.covers(observed, desired);
        return new Rewrite(!managed.isEmpty(), changed ? Optional.of(desired) : Optional.empty());
    }

    /**
     * The share the route gives the canary now: its weight in the rules that reference the stable or canary Service
     * (the smallest, if they differ), 0 where a rule has no canary backendRef yet or none references either. The
     * operator's header rules send only matching requests, so they are not the canary's share.
     */
    public static int canaryWeight(List<Map<String, Object>> rules, String stableService, String canaryService) {
        int weight = Integer.MAX_VALUE;
        for (Map<String, Object> rule : rules == null ? List.<Map<String, Object>>of() : rules) {
            if (!managed(rule, stableService, canaryService) || ownHeaderRule(rule, canaryService)) {
                continue;
            }
            // Gateway API's default weight of a backendRef is 1.
            int inRule = backendRefs(rule).stream().filter(r -> canaryService.equals(r.get("name"))).findFirst()
                    .map(r -> r.get("weight") == null ? Integer.valueOf(1) : asInt(r.get("weight"))).orElse(0);
            weight = Math.min(weight, inRule);
        }
        return weight == Integer.MAX_VALUE ? 0 : weight;
    }

    /** The percentage of requests the route mirrors to the canary now (0 without the operator's mirror filter). */
    public static int mirrorPercent(List<Map<String, Object>> rules, String stableService, String canaryService) {
        for (Map<String, Object> rule : rules == null ? List.<Map<String, Object>>of() : rules) {
            if (managed(rule, stableService, canaryService) && !ownHeaderRule(rule, canaryService)) {
                for (Map<String, Object> filter : list(rule.get("filters"))) {
                    if (ownMirror(filter, canaryService)) {
                        Object percent = RouteObjects.map(filter.get("requestMirror")).get("percent");
                        return percent == null ? 100 : asInt(percent);
                    }
                }
            }
        }
        return 0;
    }

    /** The names of the header routes the route has now (without the operator's prefix). */
    public static List<String> headerRoutes(List<Map<String, Object>> rules, String canaryService) {
        return (rules == null ? List.<Map<String, Object>>of() : rules).stream().filter(rule -> ownHeaderRule(rule, canaryService))
                .map(rule -> ((String) rule.get("name")).substring(HEADER_RULE_PREFIX.length())).toList();
    }

    private static Map<String, Object> weighted(Map<String, Object> rule, String stableService, String canaryService, int port,
                                                TrafficSplit.RouteWeights weights, int mirrorPercent) {
        Map<String, Object> copy = new LinkedHashMap<>(rule);
        List<Map<String, Object>> refs = backendRefs(rule);
        List<Object> newRefs = new ArrayList<>();
        for (Map<String, Object> ref : refs) {
            Map<String, Object> r = new LinkedHashMap<>(ref);
            if (stableService.equals(ref.get("name"))) {
                r.put("weight", weights.stableWeight());
            } else if (canaryService.equals(ref.get("name"))) {
                r.put("weight", weights.canaryWeight());
            }
            newRefs.add(r);
        }
        if (refs.stream().noneMatch(r -> canaryService.equals(r.get("name")))) {
            Map<String, Object> canary = new LinkedHashMap<>();
            canary.put("name", canaryService);
            canary.put("port", port);
            canary.put("weight", weights.canaryWeight());
            newRefs.add(canary);
        }
        copy.put("backendRefs", newRefs);
        List<Object> filters = new ArrayList<>(list(rule.get("filters")).stream().filter(f -> !ownMirror(f, canaryService)).toList());
        if (mirrorPercent > 0) {
            Map<String, Object> mirror = new LinkedHashMap<>();
            mirror.put("backendRef", service(canaryService, port));
            mirror.put("percent", mirrorPercent);
            Map<String, Object> filter = new LinkedHashMap<>();
            filter.put("type", "RequestMirror");
            filter.put("requestMirror", mirror);
            filters.add(filter);
        }
        if (filters.isEmpty()) {
            copy.remove("filters");
        } else {
            copy.put("filters", filters);
        }
        return copy;
    }

    /** A managed rule's matches with the route's headers added, its filters but the mirror, sending to the canary only. */
    private static Map<String, Object> headerRule(String name, Map<String, Object> managed, HeaderRoute route, String canaryService, int port) {
        List<Map<String, Object>> matches = list(managed.get("matches"));
        if (matches.isEmpty()) {
            // What the API server defaults a rule without matches to: every path.
            matches = List.of(Map.of("path", Map.of("type", "PathPrefix", "value", "/")));
        }
        List<Object> withHeaders = new ArrayList<>();
        for (Map<String, Object> match : matches) {
            Map<String, Object> copy = new LinkedHashMap<>(match);
            List<Object> headers = new ArrayList<>(list(match.get("headers")));
            for (HeaderRoute.Match header : route.matches()) {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("name", header.headerName());
                h.put("type", header.gatewayType());
                h.put("value", header.gatewayValue());
                headers.add(h);
            }
            copy.put("headers", headers);
            withHeaders.add(copy);
        }
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", name);
        rule.put("matches", withHeaders);
        List<Map<String, Object>> filters = list(managed.get("filters")).stream().filter(f -> !ownMirror(f, canaryService)).toList();
        if (!filters.isEmpty()) {
            rule.put("filters", filters);
        }
        Map<String, Object> canary = service(canaryService, port);
        canary.put("weight", 1);
        rule.put("backendRefs", List.of(canary));
        return rule;
    }

    /** A Service backendRef as the API server keeps it, defaults written, so that reading it back finds no change. */
    private static Map<String, Object> service(String name, int port) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("group", "");
        ref.put("kind", "Service");
        ref.put("name", name);
        ref.put("port", port);
        return ref;
    }

    private static boolean managed(Map<String, Object> rule, String stableService, String canaryService) {
        return backendRefs(rule).stream().anyMatch(r -> stableService.equals(r.get("name")) || canaryService.equals(r.get("name")));
    }

    private static boolean ownHeaderRule(Map<String, Object> rule, String canaryService) {
        List<Map<String, Object>> refs = backendRefs(rule);
        return rule.get("name") instanceof String name && name.startsWith(HEADER_RULE_PREFIX)
                && !refs.isEmpty() && refs.stream().allMatch(r -> canaryService.equals(r.get("name")));
    }

    private static boolean ownMirror(Map<String, Object> filter, String canaryService) {
        return "RequestMirror".equals(filter.get("type"))
                && canaryService.equals(RouteObjects.map(RouteObjects.map(filter.get("requestMirror")).get("backendRef")).get("name"));
    }

    private static List<Map<String, Object>> backendRefs(Map<String, Object> rule) {
        return list(rule.get("backendRefs"));
    }

    private static List<Map<String, Object>> list(Object value) {
        return RouteObjects.maps(value);
    }

    private static Integer asInt(Object value) {
        return value instanceof Number number ? Integer.valueOf(number.intValue()) : null;
    }
}
