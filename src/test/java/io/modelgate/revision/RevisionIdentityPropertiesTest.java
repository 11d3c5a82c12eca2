package io.modelgate.revision;

import io.modelgate.api.ModelPipelineSpec;
import io.modelgate.api.TriggersSpec;
import io.modelgate.testing.Chars;
import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class RevisionIdentityPropertiesTest {

    private static Map<String, String> inOrder(List<Map.Entry<String, String>> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
        return map;
    }

    private static String hash(Map<String, String> parameters, Map<String, String> labels, Map<String, String> annotations) {
        return RevisionIdentity.contentHash(Specs.full(parameters, labels, annotations));
    }

    @Test
    void parameterInsertionOrderNeverChangesTheHash() {
        Property.tries(300).forAll(shuffledTwice(), orders -> {
            Map<String, String> labels = Specs.orderedMap("app", "iris");

            String first = hash(inOrder(orders.original()), labels, Map.of());
            String second = hash(inOrder(orders.shuffled()), labels, Map.of());
            String third = hash(inOrder(orders.shuffledAgain()), labels, Map.of());
            String fromHashMap = hash(new HashMap<>(inOrder(orders.original())), labels, Map.of());
            String fromTreeMap = hash(new TreeMap<>(inOrder(orders.original())), labels, Map.of());

            assertThat(List.of(second, third, fromHashMap, fromTreeMap)).containsOnly(first);
        });
    }

    @Test
    void labelAndAnnotationInsertionOrderNeverChangesTheHash() {
        Property.tries(300).forAll(shuffledTwice(), shuffledTwice(), (labels, annotations) -> {
            Map<String, String> parameters = Specs.orderedMap("lr", "0.1");

            String first = hash(parameters, inOrder(labels.original()), inOrder(annotations.original()));
            String second = hash(parameters, inOrder(labels.shuffled()), inOrder(annotations.shuffledAgain()));
            String third = hash(parameters, inOrder(labels.shuffledAgain()), inOrder(annotations.shuffled()));

            assertThat(second).isEqualTo(first);
            assertThat(third).isEqualTo(first);
        });
    }

    @Test
    void changingOneParameterValueChangesTheHash() {
        Property.tries(300).forAll(parameterMaps(), Gen.ints(0, 100), parameterValues(), (parameters, pick, newValue) -> {
            List<String> keys = new ArrayList<>(parameters.keySet());
            String key = keys.get(pick % keys.size());
            Map<String, String> changed = new LinkedHashMap<>(parameters);
            changed.put(key, newValue);

            String before = hash(parameters, Map.of(), Map.of());
            String after = hash(changed, Map.of(), Map.of());

            assertThat(after.equals(before)).as("%s -> %s", parameters, changed).isEqualTo(changed.equals(parameters));
        });
    }

    @Test
    void distinctParameterMapsGiveDistinctHashes() {
        Property.tries(300).forAll(parameterMaps(), parameterMaps(), (first, second) -> {
            String firstHash = hash(first, Map.of(), Map.of());
            String secondHash = hash(second, Map.of(), Map.of());

            assertThat(firstHash.equals(secondHash)).as("%s vs %s", first, second).isEqualTo(first.equals(second));
        });
    }

    @Test
    void operationalFieldsNeverChangeTheHash() {
        Property.tries(300).forAll(operationalChanges(), change -> {
            String before = RevisionIdentity.contentHash(Specs.full());
            ModelPipelineSpec spec = Specs.full();
            spec.getServing().setReplicas(change.replicas());
            spec.setPaused(change.paused());
            spec.setRevisionHistoryLimit(change.revisionHistoryLimit());
            TriggersSpec triggers = new TriggersSpec();
            triggers.setSchedule(change.schedule());
            spec.setTriggers(triggers);

            assertThat(RevisionIdentity.contentHash(spec)).isEqualTo(before);
        });
    }

    // ---- generators ----

    Gen<String> parameterKeys() {
        return Gen.strings(Chars.range('a', 'z').with("_.-A0"), 1, 12);
    }

    Gen<String> parameterValues() {
        // Non-empty: an empty value is dropped from the identity (see RevisionIdentityTest).
        return Gen.strings(Chars.range(' ', '~'), 1, 16);
    }

    Gen<Map<String, String>> parameterMaps() {
        return Gen.maps(parameterKeys(), parameterValues(), 1, 10);
    }

    /** Entries of one map in the order it was drawn in, and in two random orders. */
    record Orders(List<Map.Entry<String, String>> original, List<Map.Entry<String, String>> shuffled,
                  List<Map.Entry<String, String>> shuffledAgain) {
    }

    Gen<Orders> shuffledTwice() {
        return parameterMaps().flatMap(map -> {
            List<Map.Entry<String, String>> entries = map.entrySet().stream()
                    .map(entry -> Map.entry(entry.getKey(), entry.getValue())).toList();
            Gen<List<Map.Entry<String, String>>> shuffled = Gen.shuffle(entries);
            return Gen.combine(Gen.constant(entries), shuffled, shuffled, Orders::new);
        });
    }

    record OperationalChange(int replicas, boolean paused, int revisionHistoryLimit, String schedule) {
    }

    Gen<OperationalChange> operationalChanges() {
        Gen<Integer> replicas = Gen.ints(0, 1000);
        Gen<Boolean> paused = Gen.of(true, false);
        Gen<Integer> history = Gen.ints(1, 1000);
        Gen<String> schedule = Gen.of("@hourly", "@daily", "*/5 * * * *", "0 3 * * 1");
        return Gen.combine(replicas, paused, history, schedule, OperationalChange::new);
    }
}
