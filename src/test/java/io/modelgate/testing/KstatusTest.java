package io.modelgate.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.modelgate.testing.Kstatus.Result;
import io.modelgate.testing.Kstatus.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kstatus tool (hack/build-kstatus.sh) on objects as JSON, without an API server. Tagged: it needs the built tool. */
@Tag("integration")
class KstatusTest {

    @Test
    void aFabric8ObjectAsItIs() {
        GenericKubernetesResource deployment = new GenericKubernetesResourceBuilder()
                .withApiVersion("apps/v1").withKind("Deployment")
                .withNewMetadata().withName("web").withNamespace("shop").withGeneration(3L).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("replicas", 1), "status", Map.of("observedGeneration", 2)))
                .build();

        assertThat(Kstatus.of(deployment))
                .isEqualTo(new Result(Status.InProgress, "Deployment generation is 3, but latest observed generation is 2"));
    }

    @Test
    void aListAndSeveralDocumentsGiveOneResultPerObject() {
        String json = """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "n"}},
                  {"apiVersion": "x.io/v1", "kind": "Thing", "metadata": {"name": "b", "deletionTimestamp": "2026-12-03T10:00:00Z"}}]}
                {"apiVersion": "x.io/v1", "kind": "Thing", "metadata": {"name": "c"},
                 "status": {"conditions": [{"type": "Stalled", "status": "True", "reason": "Broken", "message": "it broke"}]}}
                """;

        assertThat(Kstatus.compute(json)).containsExactly(
                new Kstatus.Of("ConfigMap", "n", "a", new Result(Status.Current, "Resource is always ready")),
                new Kstatus.Of("Thing", "", "b", new Result(Status.Terminating, "Resource scheduled for deletion")),
                new Kstatus.Of("Thing", "", "c", new Result(Status.Failed, "it broke")));
    }

    @Test
    void badInputIsRefusedWithTheToolsMessage() {
        assertThatThrownBy(() -> Kstatus.compute("{\"metadata\": {}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Object 'Kind' is missing");
        assertThatThrownBy(() -> Kstatus.compute("not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("document 1 is not JSON");
        assertThatThrownBy(() -> Kstatus.compute(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no JSON object on stdin");
        assertThat(Kstatus.compute("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": []}")).isEqualTo(List.of());
    }
}
