package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cached objects parsed from separate responses, as an informer gets them, share the strings they repeat and the
 * empty collections (checked by identity, which the parser alone never gives) and keep every value as it was sent.
 */
class CompactionTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private static final String JOB = """
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"fraud-r1-train","namespace":"team-a",
             "uid":"0b5f-job","resourceVersion":"%s","labels":{"modelgate.io/pipeline":"fraud","modelgate.io/revision":"fraud-r1"},
             "ownerReferences":[{"apiVersion":"modelgate.io/v1alpha1","kind":"ModelRevision","name":"fraud-r1","uid":"77aa-rev","controller":true}]},
             "spec":{"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"0b5f-job"}},
              "template":{"metadata":{"labels":{"batch.kubernetes.io/job-name":"fraud-r1-train","modelgate.io/pipeline":"fraud"}},
               "spec":{"containers":[{"name":"train","image":"registry.example/train:1"}]}}},
             "status":{"conditions":[{"type":"Complete","status":"True","reason":"CompletionsReached",
              "message":"Reached expected number of succeeded pods","lastTransitionTime":"2026-12-07T20:00:00Z"}]}}
            """;

    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"fraud-r1-train-%s","namespace":"team-a","uid":"pod-%s",
             "labels":{"batch.kubernetes.io/job-name":"fraud-r1-train","job-name":"fraud-r1-train",
              "batch.kubernetes.io/controller-uid":"0b5f-job","modelgate.io/pipeline":"fraud"},
             "finalizers":["batch.kubernetes.io/job-tracking"],
             "ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"fraud-r1-train","uid":"0b5f-job"}]},
             "spec":{"nodeName":"kwok-node-0","containers":[{"name":"train","image":"registry.example/train:1"}]},
             "status":{"phase":"Succeeded","conditions":[{"type":"Ready","status":"False","reason":"PodCompleted"}],
              "containerStatuses":[{"name":"train","state":{"terminated":{"exitCode":0,"reason":"Completed",
               "message":"{\\"accuracy\\":0.93}"}}}]}}
            """;

    private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> R cached(ItemStore<R> store, R parsed) {
        String key = store.getKey(parsed);
        store.put(key, parsed);
        return store.get(key);
    }

    @Test
    void podsParsedApartShareWhatTheyRepeatWithEachOtherAndWithTheirJob() {
        ItemStore<Job> jobs = PrunedStore.forKind(Job.class);
        ItemStore<Pod> pods = PrunedStore.forKind(Pod.class);
        Job job = cached(jobs, JSON.unmarshal(JOB.formatted("1"), Job.class));
        Pod first = cached(pods, JSON.unmarshal(POD.formatted("a", "a"), Pod.class));
        Pod second = cached(pods, JSON.unmarshal(POD.formatted("b", "b"), Pod.class));

        assertThat(second.getMetadata().getNamespace()).isSameAs(first.getMetadata().getNamespace())
                .isSameAs(job.getMetadata().getNamespace());
        assertThat(second.getMetadata().getLabels().get("job-name")).isSameAs(first.getMetadata().getLabels().get("job-name"))
                .isSameAs(job.getMetadata().getName());
        assertThat(second.getMetadata().getOwnerReferences().get(0).getUid()).isSameAs(job.getMetadata().getUid());
        assertThat(new ArrayList<>(second.getMetadata().getLabels().keySet()).get(0))
                .isSameAs(new ArrayList<>(first.getMetadata().getLabels().keySet()).get(0));
        assertThat(second.getMetadata().getFinalizers().get(0)).isSameAs(first.getMetadata().getFinalizers().get(0));
        assertThat(second.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage())
                .isSameAs(first.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage());
        assertThat(second.getStatus().getPhase()).isSameAs(first.getStatus().getPhase());
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels().get("modelgate.io/pipeline"))
                .isSameAs(first.getMetadata().getLabels().get("modelgate.io/pipeline"));
    }

    @Test
    void jobsParsedApartShareTheirConditionsAndOwner() {
        ItemStore<Job> jobs = PrunedStore.forKind(Job.class);
        Job first = cached(jobs, JSON.unmarshal(JOB.formatted("1"), Job.class));
        Job again = JSON.unmarshal(JOB.formatted("2").replace("fraud-r1-train", "fraud-r1-validate"), Job.class);
        Job second = cached(jobs, again);

        assertThat(second.getStatus().getConditions().get(0).getMessage()).isSameAs(first.getStatus().getConditions().get(0).getMessage());
        assertThat(second.getMetadata().getOwnerReferences().get(0).getName()).isSameAs(first.getMetadata().getOwnerReferences().get(0).getName());
        assertThat(second.getMetadata().getOwnerReferences().get(0).getApiVersion())
                .isSameAs(first.getMetadata().getOwnerReferences().get(0).getApiVersion());
    }

    @Test
    void compactingChangesNoValue() {
        Pod parsed = JSON.unmarshal(POD.formatted("a", "a"), Pod.class);
        Pod expected = PrunedStore.withoutManagedFields(PrunedStore.pod(JSON.unmarshal(POD.formatted("a", "a"), Pod.class)));
        Pod cached = cached(PrunedStore.forKind(Pod.class), parsed);

        assertThat(cached).isEqualTo(expected);
        assertThat(JSON.asJson(cached)).isEqualTo(JSON.asJson(expected));
        assertThat(new ArrayList<>(cached.getMetadata().getLabels().keySet()))
                .as("in the order sent").containsExactly("batch.kubernetes.io/job-name", "job-name", "batch.kubernetes.io/controller-uid", "modelgate.io/pipeline");
    }

    /** The hashed maps a cached object still holds, found by walking its fields, maps and lists. */
    private static List<String> hashedMaps(Object value, String path, Set<Object> seen) {
        List<String> found = new ArrayList<>();
        if (value == null || value instanceof String || !seen.add(value)) {
            return found;
        }
        if (value instanceof Map<?, ?> map) {
            if (value instanceof HashMap<?, ?>) {
                found.add(path + " (" + value.getClass().getSimpleName() + ", " + map.size() + " entries)");
            }
            map.forEach((key, item) -> found.addAll(hashedMaps(item, path + "." + key, seen)));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                found.addAll(hashedMaps(list.get(i), path + "[" + i + "]", seen));
            }
        } else if (value.getClass().getName().startsWith("io.")) {
            for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                        try {
                            field.setAccessible(true);
                            found.addAll(hashedMaps(field.get(value), path + "." + field.getName(), seen));
                        } catch (ReflectiveOperationException | RuntimeException e) {
                            // a field of a class outside the model (the JDK's) is not the cache's
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void aCachedObjectsSmallMapsAreArraysOfEntriesNotHashedNodes() {
        Pod parsed = JSON.unmarshal(POD.formatted("a", "a"), Pod.class);
        assertThat(hashedMaps(parsed, "pod", Collections.newSetFromMap(new IdentityHashMap<>())))
                .as("what the parser gives").isNotEmpty();
        Pod pod = cached(PrunedStore.forKind(Pod.class), parsed);
        Job job = cached(PrunedStore.forKind(Job.class), JSON.unmarshal(JOB.formatted("1"), Job.class));

        assertThat(hashedMaps(pod, "pod", Collections.newSetFromMap(new IdentityHashMap<>()))).isEmpty();
        assertThat(hashedMaps(job, "job", Collections.newSetFromMap(new IdentityHashMap<>()))).isEmpty();
        assertThat(pod.getMetadata().getLabels()).isInstanceOf(ArrayMap.class).containsEntry("job-name", "fraud-r1-train");

        Map<String, Object> large = new LinkedHashMap<>();
        for (int i = 0; i <= ArrayMap.MAX_SIZE; i++) {
            large.put("key-" + i, "value-" + i);
        }
        Pod withMany = JSON.unmarshal(POD.formatted("b", "b"), Pod.class);
        withMany.getMetadata().setAnnotations(new LinkedHashMap<>());
        large.forEach((key, item) -> withMany.getMetadata().getAnnotations().put(key, (String) item));
        Pod annotated = cached(PrunedStore.forKind(Pod.class), withMany);
        assertThat(annotated.getMetadata().getAnnotations()).as("a large map stays hashed")
                .isInstanceOf(LinkedHashMap.class).isEqualTo(large);
    }

    @Test
    void emptyMapsAndListsBecomeTheSharedImmutableOnes() {
        Pod first = cached(PrunedStore.forKind(Pod.class), JSON.unmarshal(POD.formatted("a", "a"), Pod.class));
        Pod second = cached(PrunedStore.forKind(Pod.class), JSON.unmarshal(POD.formatted("b", "b"), Pod.class));

        assertThat(first.getMetadata().getAdditionalProperties()).isEmpty();
        assertThat(second.getMetadata().getAdditionalProperties()).isSameAs(first.getMetadata().getAdditionalProperties())
                .isSameAs(second.getSpec().getContainers().get(0).getAdditionalProperties());
        assertThat(second.getSpec().getVolumes()).isEmpty();
        assertThat(second.getSpec().getVolumes()).isSameAs(first.getSpec().getContainers().get(0).getEnv());
        assertThatThrownBy(() -> first.getSpec().getVolumes().add(null)).as("a write to a cached object fails at once")
                .isInstanceOf(UnsupportedOperationException.class);
        first.getMetadata().getLabels().put("extra", "x");
        assertThat(second.getMetadata().getLabels()).as("a map with entries stays the object's own").doesNotContainKey("extra");
    }

    @Test
    void aRevisionSharesItsSpecsStringsWithItsPipelineAndWalksItsTemplatesAndGenericObjects() {
        String spec = """
                {"model":"fraud","source":{"trainingImage":"registry.example/train:1.0","dataRef":"s3://data/fraud"},
                 "serving":{"replicas":1,"template":{"metadata":{"labels":{"team":"risk"}},
                  "spec":{"containers":[{"name":"server","image":"registry.example/serve:1.0","args":["--port","8080"]}]}}}}
                """;
        ModelPipeline pipeline = cached(new PrunedStore.Pipelines(), JSON.unmarshal("""
                {"apiVersion":"modelgate.io/v1alpha1","kind":"ModelPipeline","metadata":{"name":"fraud","namespace":"team-a"},"spec":%s}
                """.formatted(spec), ModelPipeline.class));
        ModelRevision revision = cached(PrunedStore.forKind(ModelRevision.class), JSON.unmarshal("""
                {"apiVersion":"modelgate.io/v1alpha1","kind":"ModelRevision","metadata":{"name":"fraud-r1","namespace":"team-a"},
                 "spec":{"pipeline":"fraud",%s}
                """.formatted(spec.strip().substring(1)), ModelRevision.class));
        GenericKubernetesResource engineObject = cached(PrunedStore.forKind(GenericKubernetesResource.class), JSON.unmarshal("""
                {"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob","metadata":{"name":"fraud-r1-train","namespace":"team-a"},
                 "spec":{"trainer":{"image":"registry.example/train:1.0","env":[{"name":"EPOCHS","value":"3"}],"args":[]}}}
                """, GenericKubernetesResource.class));

        var served = pipeline.getSpec().getServing().getTemplate().getSpec().getContainers().get(0);
        var frozen = revision.getSpec().getServing().getTemplate().getSpec().getContainers().get(0);
        assertThat(frozen.getImage()).isSameAs(served.getImage());
        assertThat(frozen.getArgs().get(1)).isSameAs(served.getArgs().get(1));
        assertThat(revision.getSpec().getSource().getTrainingImage()).isSameAs(pipeline.getSpec().getSource().getTrainingImage());
        assertThat(revision.getMetadata().getNamespace()).isSameAs(pipeline.getMetadata().getNamespace());
        @SuppressWarnings("unchecked")
        Map<String, Object> trainer = (Map<String, Object>) ((Map<String, Object>) engineObject.getAdditionalProperties().get("spec")).get("trainer");
        assertThat(trainer.get("image")).isSameAs(served.getImage().replace("serve", "train").intern());
        assertThat(trainer.get("args")).isSameAs(Collections.emptyList());
    }

    @Test
    void aRevisionHoldsItsPipelinesTemplateItselfAndADifferentTemplateStaysItsOwn() {
        String template = """
                {"metadata":{"labels":{"team":"risk"}},"spec":{"containers":[{"name":"server","image":"registry.example/serve:1.0",
                 "env":[{"name":"MODEL_NAME","value":"%s"}]}]}}
                """;
        ModelPipeline pipeline = cached(new PrunedStore.Pipelines(), JSON.unmarshal("""
                {"apiVersion":"modelgate.io/v1alpha1","kind":"ModelPipeline","metadata":{"name":"fraud","namespace":"team-a"},
                 "spec":{"model":"fraud","serving":{"replicas":1,"template":%s}}}
                """.formatted(template.formatted("fraud")), ModelPipeline.class));
        ModelRevision revision = cached(PrunedStore.forKind(ModelRevision.class), JSON.unmarshal("""
                {"apiVersion":"modelgate.io/v1alpha1","kind":"ModelRevision","metadata":{"name":"fraud-r1","namespace":"team-a"},
                 "spec":{"pipeline":"fraud","serving":{"replicas":1,"template":%s}}}
                """.formatted(template.formatted("fraud")), ModelRevision.class));
        ModelPipeline other = cached(new PrunedStore.Pipelines(), JSON.unmarshal("""
                {"apiVersion":"modelgate.io/v1alpha1","kind":"ModelPipeline","metadata":{"name":"churn","namespace":"team-a"},
                 "spec":{"model":"churn","serving":{"replicas":1,"template":%s}}}
                """.formatted(template.formatted("churn")), ModelPipeline.class));

        assertThat(revision.getSpec().getServing().getTemplate()).isSameAs(pipeline.getSpec().getServing().getTemplate());
        assertThat(other.getSpec().getServing().getTemplate()).isNotSameAs(pipeline.getSpec().getServing().getTemplate())
                .isNotEqualTo(pipeline.getSpec().getServing().getTemplate());
        assertThat(other.getSpec().getServing().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getValue()).isEqualTo("churn");
    }
}
