package io.modelgate.revision;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.modelgate.api.Gate;
import io.modelgate.api.ModelPipelineSpec;
import io.modelgate.api.RolloutSpec;
import io.modelgate.api.ServingSpec;
import io.modelgate.api.TriggersSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.modelgate.revision.Specs.full;
import static io.modelgate.revision.Specs.orderedMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RevisionIdentityTest {

    private static final String BASE = RevisionIdentity.contentHash(full());

    private static String hashAfter(Consumer<ModelPipelineSpec> change) {
        ModelPipelineSpec spec = full();
        change.accept(spec);
        return RevisionIdentity.contentHash(spec);
    }

    private static Arguments change(String name, Consumer<ModelPipelineSpec> change) {
        return arguments(name, change);
    }

    // ---- determinism and form ----

    @Test
    void hashIsSha256InHex() {
        assertThat(BASE).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void sameSpecGivesSameHashEveryTime() {
        assertThat(RevisionIdentity.contentHash(full())).isEqualTo(BASE);
        ModelPipelineSpec spec = full();
        assertThat(RevisionIdentity.contentHash(spec)).isEqualTo(RevisionIdentity.contentHash(spec)).isEqualTo(BASE);
    }

    @Test
    void hashingDoesNotChangeTheSpec() {
        ModelPipelineSpec spec = full();

        RevisionIdentity.contentHash(spec);

        assertThat(spec.getServing().getReplicas()).isEqualTo(2);
        assertThat(spec.getSource().getParameters()).containsEntry("learning_rate", "0.1");
        assertThat(spec.getRollout()).isNotNull();
        assertThat(RevisionIdentity.contentHash(spec)).isEqualTo(BASE);
    }

    @Test
    void minimalSpecHashes() {
        ModelPipelineSpec spec = new ModelPipelineSpec();
        spec.setModel("m");

        assertThat(RevisionIdentity.contentHash(spec)).matches("sha256:[0-9a-f]{64}");
        assertThat(RevisionIdentity.contentHash(new ModelPipelineSpec())).matches("sha256:[0-9a-f]{64}")
                .isNotEqualTo(RevisionIdentity.contentHash(spec));
    }

    // ---- map order ----

    @Test
    void parameterOrderDoesNotMatter() {
        Map<String, String> reversed = orderedMap("optimizer", "adam", "epochs", "10", "learning_rate", "0.1");
        Map<String, String> hashed = new HashMap<>(reversed);
        Map<String, String> sorted = new TreeMap<>(reversed);

        assertThat(RevisionIdentity.contentHash(full(reversed, labels(), annotations()))).isEqualTo(BASE);
        assertThat(RevisionIdentity.contentHash(full(hashed, labels(), annotations()))).isEqualTo(BASE);
        assertThat(RevisionIdentity.contentHash(full(sorted, labels(), annotations()))).isEqualTo(BASE);
    }

    @Test
    void labelAndAnnotationOrderDoesNotMatter() {
        Map<String, String> labels = orderedMap("app", "iris", "team", "ml");
        Map<String, String> annotations = orderedMap("owner", "data-science", "prometheus.io/scrape", "true");

        assertThat(RevisionIdentity.contentHash(full(parameters(), labels, annotations))).isEqualTo(BASE);
    }

    // ---- null, empty, absent ----

    @Test
    void nullEmptyAndAbsentParametersAreTheSame() {
        String withNull = RevisionIdentity.contentHash(full(null, labels(), annotations()));
        String withEmpty = RevisionIdentity.contentHash(full(new LinkedHashMap<>(), labels(), annotations()));
        String withImmutableEmpty = RevisionIdentity.contentHash(full(Map.of(), labels(), annotations()));

        assertThat(withEmpty).isEqualTo(withNull).isEqualTo(withImmutableEmpty).isNotEqualTo(BASE);
    }

    @Test
    void nullEmptyAndAbsentLabelsAndAnnotationsAreTheSame() {
        String withNull = RevisionIdentity.contentHash(full(parameters(), null, null));
        String withEmpty = RevisionIdentity.contentHash(full(parameters(), Map.of(), Map.of()));
        String withoutMetadata = hashAfter(spec -> {
            spec.getTraining().getTemplate().setMetadata(null);
            spec.getEvaluation().getTemplate().setMetadata(null);
            spec.getServing().getTemplate().setMetadata(null);
        });
        String withEmptyMetadata = hashAfter(spec -> {
            spec.getTraining().getTemplate().setMetadata(new ObjectMeta());
            spec.getEvaluation().getTemplate().setMetadata(new ObjectMeta());
            spec.getServing().getTemplate().setMetadata(new ObjectMeta());
        });

        assertThat(withEmpty).isEqualTo(withNull).isEqualTo(withoutMetadata).isEqualTo(withEmptyMetadata).isNotEqualTo(BASE);
    }

    @Test
    void nullAndEmptyGateListsAreTheSame() {
        String withNull = hashAfter(spec -> spec.getEvaluation().setGates(null));
        String withEmpty = hashAfter(spec -> spec.getEvaluation().setGates(new ArrayList<>()));

        assertThat(withEmpty).isEqualTo(withNull).isNotEqualTo(BASE);
    }

    @Test
    void anEmptyStringIsAValueNotAnAbsence() {
        // An empty parameter value reaches the container as PARAM_X="", which can change the training.
        String withEmptyServiceName = hashAfter(spec -> spec.getServing().setServiceName(""));
        String withoutServiceName = hashAfter(spec -> spec.getServing().setServiceName(null));

        assertThat(withEmptyServiceName).isNotEqualTo(withoutServiceName);
    }

    @Test
    void absentDataValidationEqualsNullDataValidation() {
        assertThat(hashAfter(spec -> spec.setDataValidation(null))).isEqualTo(BASE);
    }

    // ---- identity fields ----

    static Stream<Arguments> identityChanges() {
        return Stream.of(
                change("model", spec -> spec.setModel("iris-v2")),
                change("source.trainingImage", spec -> spec.getSource().setTrainingImage("ghcr.io/acme/iris-train:1.1")),
                change("source.dataRef", spec -> spec.getSource().setDataRef("s3://data/iris/2024-07-01")),
                change("a parameter value", spec -> spec.getSource().getParameters().put("learning_rate", "0.01")),
                change("a parameter key", spec -> {
                    String value = spec.getSource().getParameters().remove("learning_rate");
                    spec.getSource().getParameters().put("lr", value);
                }),
                change("a parameter added", spec -> spec.getSource().getParameters().put("seed", "42")),
                change("a parameter removed", spec -> spec.getSource().getParameters().remove("epochs")),
                change("training template image", spec -> spec.getTraining().getTemplate().getSpec().getContainers().get(0)
                        .setImage("ghcr.io/acme/iris-train:2.0")),
                change("training template env", spec -> spec.getTraining().getTemplate().getSpec().getContainers().get(0)
                        .getEnv().get(0).setValue("debug")),
                change("training template label", spec -> spec.getTraining().getTemplate().getMetadata().getLabels().put("team", "ops")),
                change("training artifactUri", spec -> spec.getTraining().setArtifactUri("gs://models/{pipeline}/{revision}")),
                change("evaluation template image", spec -> spec.getEvaluation().getTemplate().getSpec().getContainers().get(0)
                        .setImage("ghcr.io/acme/iris-eval:2.0")),
                change("evaluation gate min", spec -> spec.getEvaluation().getGates().get(0).setMin(0.95)),
                change("evaluation gate max", spec -> spec.getEvaluation().getGates().get(1).setMax(0.25)),
                change("evaluation gate metric", spec -> spec.getEvaluation().getGates().get(0).setMetric("f1")),
                change("evaluation gate mustBeat", spec -> spec.getEvaluation().getGates().get(0).setMustBeat(Gate.Baseline.stable)),
                change("evaluation gate added", spec -> spec.getEvaluation().getGates().add(Specs.minGate("f1", 0.5))),
                change("serving template image", spec -> spec.getServing().getTemplate().getSpec().getContainers().get(0)
                        .setImage("ghcr.io/acme/iris-serve:2.0")),
                change("serving port", spec -> spec.getServing().setPort(9090)),
                change("serving serviceName", spec -> spec.getServing().setServiceName("iris-api")),
                change("dataValidation added", spec -> spec.setDataValidation(Specs.dataValidation())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identityChanges")
    void identityFieldChangesTheHash(String field, Consumer<ModelPipelineSpec> change) {
        String changed = hashAfter(change);

        assertThat(changed).as(field).isNotEqualTo(BASE);
        assertThat(hashAfter(change)).as("%s, deterministically", field).isEqualTo(changed);
    }

    @Test
    void everyIdentityChangeGivesADistinctHash() {
        List<String> hashes = identityChanges()
                .map(arguments -> {
                    @SuppressWarnings("unchecked")
                    Consumer<ModelPipelineSpec> change = (Consumer<ModelPipelineSpec>) arguments.get()[1];
                    return hashAfter(change);
                }).toList();

        assertThat(hashes).doesNotHaveDuplicates().doesNotContain(BASE);
    }

    @Test
    void dataValidationGateChangeChangesTheHash() {
        String withValidation = hashAfter(spec -> spec.setDataValidation(Specs.dataValidation()));
        String withStricterValidation = hashAfter(spec -> {
            spec.setDataValidation(Specs.dataValidation());
            spec.getDataValidation().getGates().get(0).setMin(5000.0);
        });

        assertThat(withStricterValidation).isNotEqualTo(withValidation);
    }

    // ---- fields outside the identity ----

    static Stream<Arguments> nonIdentityChanges() {
        return Stream.of(
                change("serving replicas", spec -> spec.getServing().setReplicas(20)),
                change("serving replicas removed", spec -> spec.getServing().setReplicas(null)),
                change("rollout removed", spec -> spec.setRollout(null)),
                change("rollout strategy unset", spec -> spec.getRollout().setStrategy(null)),
                change("rollout replaced", spec -> spec.setRollout(new RolloutSpec())),
                change("triggers schedule", spec -> spec.getTriggers().setSchedule("@hourly")),
                change("triggers time zone", spec -> spec.getTriggers().setTimeZone("UTC")),
                change("triggers removed", spec -> spec.setTriggers(null)),
                change("triggers emptied", spec -> spec.setTriggers(new TriggersSpec())),
                change("paused", spec -> spec.setPaused(true)),
                change("paused unset", spec -> spec.setPaused(null)),
                change("revisionHistoryLimit", spec -> spec.setRevisionHistoryLimit(3)),
                change("revisionHistoryLimit unset", spec -> spec.setRevisionHistoryLimit(null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonIdentityChanges")
    void nonIdentityFieldLeavesTheHash(String field, Consumer<ModelPipelineSpec> change) {
        assertThat(hashAfter(change)).as(field).isEqualTo(BASE);
    }

    @Test
    void allNonIdentityChangesTogetherLeaveTheHash() {
        assertThat(hashAfter(spec -> {
            spec.getServing().setReplicas(0);
            spec.setRollout(null);
            spec.setTriggers(null);
            spec.setPaused(true);
            spec.setRevisionHistoryLimit(1);
        })).isEqualTo(BASE);
    }

    // ---- servingIdentity ----

    @Test
    void servingIdentityDropsReplicasOnly() {
        ServingSpec serving = full().getServing();

        ServingSpec frozen = RevisionIdentity.servingIdentity(serving);

        assertThat(frozen).isNotSameAs(serving);
        assertThat(frozen.getReplicas()).isNull();
        assertThat(frozen.getPort()).isEqualTo(8080);
        assertThat(frozen.getServiceName()).isEqualTo("iris");
        assertThat(frozen.getTemplate()).isEqualTo(serving.getTemplate());
        assertThat(serving.getReplicas()).as("the original is untouched").isEqualTo(2);
    }

    @Test
    void servingIdentityOfNullIsNull() {
        assertThat(RevisionIdentity.servingIdentity(null)).isNull();
    }

    @Test
    void missingServingHashesLikeAnEmptyOne() {
        assertThat(hashAfter(spec -> spec.setServing(null))).isEqualTo(hashAfter(spec -> spec.setServing(new ServingSpec())));
    }

    // ---- canonical form ----

    @Test
    void canonicalJsonSortsKeysAtEveryDepthAndDropsEmptyCollections() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", "");
        inner.put("m", List.of());
        inner.put("b", Map.of());
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("y", inner);
        outer.put("x", "value");
        outer.put("n", null);

        assertThat(RevisionIdentity.canonicalJson(outer)).isEqualTo("{\"x\":\"value\",\"y\":{\"a\":\"\",\"z\":1}}");
    }

    @Test
    void canonicalJsonKeepsListOrderAndFalseAndZero() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("list", List.of("b", "a"));
        value.put("flag", false);
        value.put("zero", 0);

        assertThat(RevisionIdentity.canonicalJson(value)).isEqualTo("{\"flag\":false,\"list\":[\"b\",\"a\"],\"zero\":0}");
    }

    @Test
    void podTemplateFromBuilderAndFromSettersHashTheSame() {
        PodTemplateSpec built = new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("b", "2").addToLabels("a", "1").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("img").endContainer().endSpec()
                .build();
        PodTemplateSpec copied = new PodTemplateSpecBuilder(built)
                .editMetadata().withLabels(new TreeMap<>(Map.of("a", "1", "b", "2"))).endMetadata()
                .build();

        assertThat(RevisionIdentity.canonicalJson(copied)).isEqualTo(RevisionIdentity.canonicalJson(built));
    }

    @Test
    void addingAParameterWithAnEmptyValueChangesTheHash() {
        assertThat(hashAfter(spec -> spec.getSource().getParameters().put("use_feature_x", ""))).isNotEqualTo(BASE);
    }

    private static Map<String, String> parameters() {
        return orderedMap("learning_rate", "0.1", "epochs", "10", "optimizer", "adam");
    }

    private static Map<String, String> labels() {
        return orderedMap("team", "ml", "app", "iris");
    }

    private static Map<String, String> annotations() {
        return orderedMap("prometheus.io/scrape", "true", "owner", "data-science");
    }
}
