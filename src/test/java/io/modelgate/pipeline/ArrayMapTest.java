package io.modelgate.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An ArrayMap answers every call as the LinkedHashMap it was made from does, in the same order. */
class ArrayMapTest {

    private static LinkedHashMap<String, String> labels() {
        LinkedHashMap<String, String> labels = new LinkedHashMap<>();
        labels.put("modelgate.io/pipeline", "fraud");
        labels.put("modelgate.io/revision", "fraud-r1");
        labels.put("app.kubernetes.io/name", "fraud");
        labels.put(null, "a null key");
        labels.put("a null value", null);
        return labels;
    }

    @Test
    void readsAsTheMapItWasMadeFromInTheSameOrder() {
        LinkedHashMap<String, String> expected = labels();
        ArrayMap<String, String> map = new ArrayMap<>(expected);

        assertThat(map).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(expected).isEqualTo(map);
        assertThat(map.toString()).isEqualTo(expected.toString());
        assertThat(new ArrayList<>(map.keySet())).containsExactlyElementsOf(expected.keySet());
        assertThat(new ArrayList<>(map.values())).containsExactlyElementsOf(expected.values());
        assertThat(map.get("modelgate.io/revision")).isEqualTo("fraud-r1");
        assertThat(map.get(null)).isEqualTo("a null key");
        assertThat(map.containsKey("a null value")).isTrue();
        assertThat(map.get("a null value")).isNull();
        assertThat(map.containsKey("absent")).isFalse();
        assertThat(map.get("absent")).isNull();
        assertThat(map).isNotEqualTo(Map.of("modelgate.io/pipeline", "fraud"));
        assertThat(new ArrayMap<>(Map.of())).isEmpty();
        assertThat(new ArrayMap<>(Map.of())).isEqualTo(Map.of()).hasSameHashCodeAs(Map.of());
    }

    @Test
    void changesAsALinkedHashMapDoes() {
        LinkedHashMap<String, String> expected = labels();
        ArrayMap<String, String> map = new ArrayMap<>(expected);

        assertThat(map.put("modelgate.io/revision", "fraud-r2")).isEqualTo(expected.put("modelgate.io/revision", "fraud-r2"));
        assertThat(map.put("team", "risk")).isEqualTo(expected.put("team", "risk")).isNull();
        assertThat(map.remove("app.kubernetes.io/name")).isEqualTo(expected.remove("app.kubernetes.io/name"));
        assertThat(map.remove("absent")).isNull();
        map.entrySet().iterator().next().setValue("churn");
        expected.entrySet().iterator().next().setValue("churn");

        assertThat(map).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(new ArrayList<>(map.keySet())).as("a new key goes last, a replaced value keeps its place")
                .containsExactlyElementsOf(expected.keySet());

        Iterator<Map.Entry<String, String>> entries = map.entrySet().iterator();
        Iterator<Map.Entry<String, String>> expectedEntries = expected.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, String> entry = entries.next();
            expectedEntries.next();
            if (entry.getKey() == null || entry.getKey().startsWith("modelgate.io/")) {
                entries.remove();
                expectedEntries.remove();
            }
        }
        assertThat(map).isEqualTo(expected).containsOnlyKeys("a null value", "team");
        assertThat(new ArrayList<>(map.keySet())).containsExactlyElementsOf(expected.keySet());

        map.clear();
        assertThat(map).isEmpty();
        map.put("again", "1");
        assertThat(map).containsExactly(Map.entry("again", "1"));
    }

    @Test
    void aChangeDuringIterationFailsTheIteratorAsALinkedHashMapsDoes() {
        ArrayMap<String, String> map = new ArrayMap<>(labels());
        Iterator<String> keys = map.keySet().iterator();
        keys.next();
        map.put("team", "risk");

        assertThatThrownBy(keys::next).isInstanceOf(ConcurrentModificationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().remove()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void randomChangesLeaveItEqualToALinkedHashMapGivenTheSame() {
        Random random = new Random(15);
        for (int round = 0; round < 200; round++) {
            Map<Integer, Integer> expected = new LinkedHashMap<>();
            Map<Integer, Integer> map = new ArrayMap<>(new HashMap<>());
            List<String> calls = new ArrayList<>();
            for (int step = 0; step < 30; step++) {
                int key = random.nextInt(10);
                switch (random.nextInt(3)) {
                    case 0, 1 -> {
                        calls.add("put " + key);
                        assertThat(map.put(key, step)).as("%s", calls).isEqualTo(expected.put(key, step));
                    }
                    default -> {
                        calls.add("remove " + key);
                        assertThat(map.remove(key)).as("%s", calls).isEqualTo(expected.remove(key));
                    }
                }
                assertThat(map).as("%s", calls).isEqualTo(expected).hasSameHashCodeAs(expected);
                assertThat(new ArrayList<>(map.entrySet())).as("%s", calls).containsExactlyElementsOf(expected.entrySet());
            }
        }
    }
}
