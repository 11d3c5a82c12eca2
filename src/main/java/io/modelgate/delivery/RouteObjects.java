package io.modelgate.delivery;

import java.util.List;
import java.util.Map;

/** Reading an HTTPRoute kept as generic maps, and telling whether what the server holds already says what we want. */
final class RouteObjects {

    private RouteObjects() {
    }

    /**
     * Whether {@code observed} says everything {@code desired} does: maps hold every desired key with a covering value
     * (keys the API server defaulted, such as a backendRef's {@code kind}, may be extra), lists are as long and cover
     * item by item, numbers are equal whatever their Java type. A route read back after our write is then no change.
     */
    static boolean covers(Object observed, Object desired) {
        if (desired instanceof Map<?, ?> want) {
            if (!(observed instanceof Map<?, ?> have)) {
                return false;
            }
            return want.entrySet().stream().allMatch(e -> have.containsKey(e.getKey()) && covers(have.get(e.getKey()), e.getValue()));
        }
        if (desired instanceof List<?> want) {
            if (!(observed instanceof List<?> have) || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!covers(have.get(i), want.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (desired instanceof Number want && observed instanceof Number have) {
            return want.doubleValue() == have.doubleValue();
        }
        return java.util.Objects.equals(observed, desired);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value) {
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }
}
