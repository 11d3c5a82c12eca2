package io.modelgate.delivery;

import io.modelgate.rollout.TrafficSplit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The weights of a rollout on an HTTPRoute: every rule that references the stable or canary Service gets both, at
 * the split's weights (a rule with only the stable backend gets the canary one added). Other backendRefs and rules
 * are left as they are.
 */
public final class RouteRules {

    /** @param rules the new rules, when anything changed */
    public record Rewrite(boolean referenced, Optional<List<Object>> rules) {
    }

    private RouteRules() {
    }

    @SuppressWarnings("unchecked")
    public static Rewrite withWeights(List<Map<String, Object>> rules, String stableService, String canaryService, int port,
                                      TrafficSplit.RouteWeights weights) {
        boolean referenced = false;
        boolean changed = false;
        List<Object> newRules = new ArrayList<>();
        for (Map<String, Object> rule : rules == null ? List.<Map<String, Object>>of() : rules) {
            Map<String, Object> copy = new LinkedHashMap<>(rule);
            List<Map<String, Object>> refs = rule.get("backendRefs") == null ? List.of() : (List<Map<String, Object>>) rule.get("backendRefs");
            boolean hasStable = refs.stream().anyMatch(r -> stableService.equals(r.get("name")));
            boolean hasCanary = refs.stream().anyMatch(r -> canaryService.equals(r.get("name")));
            if (hasStable || hasCanary) {
                referenced = true;
                List<Object> newRefs = new ArrayList<>();
                for (Map<String, Object> ref : refs) {
                    Map<String, Object> r = new LinkedHashMap<>(ref);
                    Integer want = stableService.equals(ref.get("name")) ? Integer.valueOf(weights.stableWeight())
                            : canaryService.equals(ref.get("name")) ? Integer.valueOf(weights.canaryWeight()) : null;
                    if (want != null && !want.equals(asInt(ref.get("weight")))) {
                        r.put("weight", want);
                        changed = true;
                    }
                    newRefs.add(r);
                }
                if (!hasCanary) {
                    Map<String, Object> canary = new LinkedHashMap<>();
                    canary.put("name", canaryService);
                    canary.put("port", port);
                    canary.put("weight", weights.canaryWeight());
                    newRefs.add(canary);
                    changed = true;
                }
                copy.put("backendRefs", newRefs);
            }
            newRules.add(copy);
        }
        return new Rewrite(referenced, changed ? Optional.of(newRules) : Optional.empty());
    }

    /**
     * The share the route gives the canary now: its weight in the rules that reference the stable or canary Service
     * (the smallest, if they differ), 0 where a rule has no canary backendRef yet or none references either.
     */
    @SuppressWarnings("unchecked")
    public static int canaryWeight(List<Map<String, Object>> rules, String stableService, String canaryService) {
        int weight = Integer.MAX_VALUE;
        for (Map<String, Object> rule : rules == null ? List.<Map<String, Object>>of() : rules) {
            List<Map<String, Object>> refs = rule.get("backendRefs") == null ? List.of() : (List<Map<String, Object>>) rule.get("backendRefs");
            if (refs.stream().noneMatch(r -> stableService.equals(r.get("name")) || canaryService.equals(r.get("name")))) {
                continue;
            }
            // Gateway API's default weight of a backendRef is 1.
            int inRule = refs.stream().filter(r -> canaryService.equals(r.get("name"))).findFirst()
                    .map(r -> r.get("weight") == null ? Integer.valueOf(1) : asInt(r.get("weight"))).orElse(0);
            weight = Math.min(weight, inRule);
        }
        return weight == Integer.MAX_VALUE ? 0 : weight;
    }

    private static Integer asInt(Object value) {
        return value instanceof Number number ? Integer.valueOf(number.intValue()) : null;
    }
}
