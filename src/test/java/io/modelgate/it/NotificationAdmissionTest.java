package io.modelgate.it;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.NotificationSpec;
import io.modelgate.testing.RealApiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** spec.notifications on a real kube-apiserver: what the schema and its CEL rules take, and what they refuse. */
@Tag("integration")
class NotificationAdmissionTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static final String API_VERSION = ModelPipeline.GROUP + "/" + ModelPipeline.VERSION;
    static final AtomicInteger NAMES = new AtomicInteger();
    static KubernetesClient client;
    static String namespace;

    static final String BASE = """
            apiVersion: modelgate.io/v1alpha1
            kind: ModelPipeline
            metadata:
              name: base
            spec:
              model: churn
              source:
                trainingImage: registry.example/churn-train:1.0
                dataRef: s3://data/churn/2026-11-01
              training:
                artifactUri: s3://models/{pipeline}/{revision}
              evaluation:
                template:
                  spec:
                    containers: [{name: evaluate, image: registry.example/churn-eval:1.0}]
                gates: [{metric: f1, min: 0.75}]
              serving:
                template:
                  spec:
                    containers: [{name: server, image: registry.example/model-server:1.0}]
              notifications:
                - name: ops-slack
                  events: [RolledBack, RevisionRejected]
                  webhook:
                    urlFrom: {secretKeyRef: {name: ops-slack-webhook, key: url}}
            """;

    @BeforeAll
    static void installCrds() {
        client = API.client();
        Crds.install(client);
        namespace = API.newNamespace("notifications");
    }

    @Test
    void everyEventTimeoutAndSeveralWebhooksAreAcceptedAndStoredAsWritten() {
        GenericKubernetesResource pipeline = base("all-events");
        List<Map<String, Object>> notifications = notifications(pipeline);
        notifications.add(notification("audit", List.of("RevisionRejected", "RolledBack", "Promoted", "WaitingForPromotion", "RetrainTriggered")));
        ((Map<String, Object>) notifications.get(1).get("webhook")).put("timeoutSeconds", 60);

        create(pipeline);

        ModelPipeline stored = client.resources(ModelPipeline.class).inNamespace(namespace).withName("all-events").get();
        assertThat(stored.getSpec().getNotifications()).extracting(NotificationSpec::getName).containsExactly("ops-slack", "audit");
        assertThat(stored.getSpec().getNotifications().get(1).getEvents()).containsExactly(NotificationSpec.Event.values());
        assertThat(stored.getSpec().getNotifications().get(1).getWebhook().getTimeoutSeconds()).isEqualTo(60);
        assertThat(stored.getSpec().getNotifications().get(0).getWebhook().getUrlFrom().getSecretKeyRef().getKey()).isEqualTo("url");
    }

    @Test
    void tenWebhooksAreAcceptedAndAPipelineWithoutNotificationsToo() {
        GenericKubernetesResource ten = base("ten-webhooks");
        List<Map<String, Object>> notifications = notifications(ten);
        IntStream.range(1, 10).forEach(i -> notifications.add(notification("hook-" + i, List.of("Promoted"))));
        create(ten);
        GenericKubernetesResource none = base("no-notifications");
        spec(none).remove("notifications");
        create(none);

        assertThat(client.resources(ModelPipeline.class).inNamespace(namespace).withName("ten-webhooks").get()
                .getSpec().getNotifications()).hasSize(10);
        assertThat(client.resources(ModelPipeline.class).inNamespace(namespace).withName("no-notifications").get()
                .getSpec().getNotifications()).isNull();
    }

    record Invalid(String title, Consumer<GenericKubernetesResource> change, List<String> expected) {
        @Override
        public String toString() {
            return title;
        }
    }

    static Invalid invalid(String title, Consumer<GenericKubernetesResource> change, String... expected) {
        return new Invalid(title, change, List.of(expected));
    }

    @SuppressWarnings("unchecked")
    static Stream<Invalid> invalidNotifications() {
        return Stream.of(
                invalid("an unknown event", p -> first(p).put("events", List.of("RolledBack", "Deployed")),
                        "spec.notifications[0].events[1]: Unsupported value: \"Deployed\""),
                invalid("no event", p -> first(p).put("events", List.of()),
                        "spec.notifications[0].events: Invalid value", "at least 1 items"),
                invalid("an event twice", p -> first(p).put("events", List.of("RolledBack", "RolledBack")),
                        "each event may be named once in events"),
                invalid("two notifications of one name", p -> notifications(p).add(notification("ops-slack", List.of("Promoted"))),
                        "notification names must be unique"),
                invalid("a name that is not a DNS label", p -> first(p).put("name", "Ops_Slack"),
                        "spec.notifications[0].name: Invalid value: \"Ops_Slack\""),
                invalid("no name", p -> first(p).remove("name"), "spec.notifications[0].name: Required value"),
                invalid("no webhook", p -> first(p).remove("webhook"), "spec.notifications[0].webhook: Required value"),
                invalid("a URL written in the spec instead of a Secret", p -> first(p).put("webhook", map("url", "https://hooks.example/T0/B0/x")),
                        "spec.notifications[0].webhook.urlFrom: Required value"),
                invalid("a secretKeyRef without a key", p -> secretKeyRef(p).remove("key"),
                        "spec.notifications[0].webhook.urlFrom.secretKeyRef.key: Required value"),
                invalid("a Secret name that is not a name", p -> secretKeyRef(p).put("name", "Ops Webhook"),
                        "spec.notifications[0].webhook.urlFrom.secretKeyRef.name: Invalid value"),
                invalid("a timeout of 0", p -> ((Map<String, Object>) first(p).get("webhook")).put("timeoutSeconds", 0),
                        "spec.notifications[0].webhook.timeoutSeconds: Invalid value"),
                invalid("eleven webhooks", p -> IntStream.range(1, 11).forEach(i -> notifications(p).add(notification("hook-" + i, List.of("Promoted")))),
                        "spec.notifications: Too many"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidNotifications")
    void anInvalidNotificationIsRejectedAtAdmission(Invalid invalid) {
        GenericKubernetesResource resource = base("invalid-" + NAMES.incrementAndGet());
        invalid.change().accept(resource);

        KubernetesClientException rejection;
        try {
            create(resource);
            rejection = fail("the API server accepted " + invalid.title());
        } catch (KubernetesClientException e) {
            rejection = e;
        }

        String message = rejection.getStatus() == null ? rejection.getMessage() : rejection.getStatus().getMessage();
        System.out.println("[admission] " + invalid.title() + " => " + rejection.getCode() + " " + message);
        assertThat(rejection.getCode()).as(message).isEqualTo(422);
        assertThat(message).contains(invalid.expected());
    }

    // --- helpers ---

    static GenericKubernetesResource base(String name) {
        GenericKubernetesResource resource = client.getKubernetesSerialization().unmarshal(BASE, GenericKubernetesResource.class);
        resource.getMetadata().setName(name);
        resource.getMetadata().setNamespace(namespace);
        // Mutable lists, so that a case can add to them.
        spec(resource).put("notifications", new ArrayList<>(notifications(resource)));
        return resource;
    }

    static void create(GenericKubernetesResource resource) {
        client.genericKubernetesResources(API_VERSION, "ModelPipeline").inNamespace(namespace).resource(resource).create();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> notifications(GenericKubernetesResource resource) {
        return (List<Map<String, Object>>) spec(resource).get("notifications");
    }

    static Map<String, Object> first(GenericKubernetesResource resource) {
        return notifications(resource).get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> secretKeyRef(GenericKubernetesResource resource) {
        Map<String, Object> webhook = (Map<String, Object>) first(resource).get("webhook");
        return (Map<String, Object>) ((Map<String, Object>) webhook.get("urlFrom")).get("secretKeyRef");
    }

    static Map<String, Object> notification(String name, List<String> on) {
        return map("name", name, "events", new ArrayList<>(on),
                "webhook", map("urlFrom", map("secretKeyRef", map("name", name + "-webhook", "key", "url"))));
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
