package io.modelgate.it;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modelgate.testing.GatewayApiCrds;
import io.modelgate.testing.RealApiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The Gateway API standard CRDs of the pinned release (hack/gateway-api-crds.sh) on a real
 * kube-apiserver: they install and become Established, an HTTPRoute splitting traffic between a
 * stable and a canary Service is stored, read back and re-weighted, and the real CRD schema (OpenAPI
 * bounds and CEL rules) rejects invalid routes.
 */
@Tag("integration")
class GatewayApiCrdsTest {

    @RegisterExtension
    static final RealApiServer API = new RealApiServer();

    static final String HTTP_ROUTE_API_VERSION = GatewayApiCrds.GROUP + "/v1";

    static KubernetesClient client;
    static List<CustomResourceDefinition> installed;
    static String namespace;

    @BeforeAll
    static void install() {
        client = API.client();
        installed = GatewayApiCrds.install(client);
        namespace = API.newNamespace("gateway");
    }

    static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> httpRoutes() {
        return client.genericKubernetesResources(HTTP_ROUTE_API_VERSION, "HTTPRoute");
    }

    /** An HTTPRoute with one rule sending {@code stable} parts to demo-stable and {@code canary} parts to demo-canary. */
    static GenericKubernetesResource route(String name, String stableRef, String canaryRef) {
        String yaml = """
                apiVersion: %s
                kind: HTTPRoute
                metadata:
                  name: %s
                spec:
                  rules:
                    - backendRefs:
                        - %s
                        - %s
                """.formatted(HTTP_ROUTE_API_VERSION, name, stableRef, canaryRef);
        return client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    }

    static List<Map<String, Object>> backendRefs(GenericKubernetesResource route) {
        return route.get("spec", "rules", 0, "backendRefs");
    }

    static List<Object> weights(GenericKubernetesResource route) {
        return backendRefs(route).stream().map(ref -> ref.get("weight")).toList();
    }

    @Test
    void theStandardCrdsOfThePinnedReleaseAreEstablished() {
        String version = GatewayApiCrds.version();
        assertThat(installed).extracting(crd -> crd.getMetadata().getName()).contains(
                "gatewayclasses.gateway.networking.k8s.io", "gateways.gateway.networking.k8s.io",
                "httproutes.gateway.networking.k8s.io", "grpcroutes.gateway.networking.k8s.io",
                "referencegrants.gateway.networking.k8s.io");
        assertThat(installed).allSatisfy(crd -> {
            assertThat(GatewayApiCrds.established(crd)).as(crd.getMetadata().getName()).isTrue();
            assertThat(crd.getMetadata().getAnnotations())
                    .containsEntry("gateway.networking.k8s.io/bundle-version", version)
                    .containsEntry("gateway.networking.k8s.io/channel", "standard");
        });
        CustomResourceDefinition httpRoutes = installed.stream()
                .filter(crd -> crd.getMetadata().getName().equals("httproutes.gateway.networking.k8s.io")).findFirst().orElseThrow();
        assertThat(httpRoutes.getSpec().getVersions()).filteredOn(CustomResourceDefinitionVersion::getStorage)
                .extracting(CustomResourceDefinitionVersion::getName).containsExactly("v1");
    }

    @Test
    void anHttpRouteSplitsTrafficAndIsReweighted() {
        httpRoutes().inNamespace(namespace).resource(route("demo",
                "{name: demo-stable, port: 8080, weight: 90}",
                "{name: demo-canary, port: 8080, weight: 10}")).create();

        GenericKubernetesResource stored = httpRoutes().inNamespace(namespace).withName("demo").get();
        assertThat(backendRefs(stored)).extracting(ref -> ref.get("name")).containsExactly("demo-stable", "demo-canary");
        assertThat(weights(stored)).containsExactly(90, 10);
        // The schema's defaults were applied by the server: the references are to core Services.
        assertThat(backendRefs(stored)).allSatisfy(ref -> assertThat(ref).containsEntry("kind", "Service").containsEntry("group", ""));

        // A JSON merge patch replaces the whole rules list.
        GenericKubernetesResource patched = httpRoutes().inNamespace(namespace).withName("demo").patch(PatchContext.of(PatchType.JSON_MERGE), """
                {"spec": {"rules": [{"backendRefs": [
                  {"name": "demo-stable", "port": 8080, "weight": 50},
                  {"name": "demo-canary", "port": 8080, "weight": 50}]}]}}
                """);
        assertThat(weights(patched)).containsExactly(50, 50);
        assertThat(patched.getMetadata().getGeneration()).isEqualTo(stored.getMetadata().getGeneration() + 1);

        GenericKubernetesResource reread = httpRoutes().inNamespace(namespace).withName("demo").get();
        assertThat(weights(reread)).containsExactly(50, 50);
        assertThat(backendRefs(reread)).extracting(ref -> ref.get("name")).containsExactly("demo-stable", "demo-canary");

        // An invalid change is rejected and leaves the stored route as it was.
        KubernetesClientException rejected = catchThrowableOfType(KubernetesClientException.class, () -> httpRoutes().inNamespace(namespace).withName("demo")
                .patch(PatchContext.of(PatchType.JSON_MERGE), """
                        {"spec": {"rules": [{"backendRefs": [
                          {"name": "demo-stable", "port": 8080, "weight": -1},
                          {"name": "demo-canary", "port": 8080, "weight": 50}]}]}}
                        """));
        assertThat(rejected).isNotNull();
        assertThat(rejected.getCode()).isEqualTo(422);
        assertThat(rejected).hasMessageContaining("spec.rules[0].backendRefs[0].weight");
        assertThat(httpRoutes().inNamespace(namespace).withName("demo").get().getMetadata().getResourceVersion())
                .isEqualTo(reread.getMetadata().getResourceVersion());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            negative weight              | {name: demo-canary, port: 8080, weight: -1}      | spec.rules[0].backendRefs[1].weight in body should be greater than or equal to 0
            weight above 1000000         | {name: demo-canary, port: 8080, weight: 1000001} | spec.rules[0].backendRefs[1].weight in body should be less than or equal to 1000000
            Service without a port (CEL) | {name: demo-canary, weight: 10}                  | Must have port for Service reference
            """)
    void theRealSchemaRejectsAnInvalidHttpRoute(String description, String canaryRef, String expected) {
        String name = "invalid-" + description.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-$", "");
        GenericKubernetesResource invalid = route(name, "{name: demo-stable, port: 8080, weight: 90}", canaryRef);

        KubernetesClientException rejected = catchThrowableOfType(KubernetesClientException.class,
                () -> httpRoutes().inNamespace(namespace).resource(invalid).create());

        assertThat(rejected).as("the API server accepted an HTTPRoute with " + description).isNotNull();
        assertThat(rejected.getCode()).isEqualTo(422);
        assertThat(rejected).hasMessageContaining(expected);
        assertThat(httpRoutes().inNamespace(namespace).withName(name).get()).isNull();
    }

    @Test
    void aMissingOrIncompleteCacheFailsNamingTheScript(@TempDir Path cache) throws IOException {
        Path dir = cache.resolve("gateway-api").resolve(GatewayApiCrds.version());
        assertThatThrownBy(() -> GatewayApiCrds.install(client, dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir + " does not exist")
                .hasMessageContaining("Run hack/gateway-api-crds.sh");

        Files.createDirectories(dir);
        Files.writeString(dir.resolve("gateway.networking.k8s.io_httproutes.yaml"), "kind: CustomResourceDefinition\n");
        assertThatThrownBy(() -> GatewayApiCrds.install(client, dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir + " is incomplete")
                .hasMessageContaining("Run hack/gateway-api-crds.sh");
    }

    @Test
    void theDefaultFolderIsTheScriptsFolder() throws Exception {
        // What hack/gateway-api-crds.sh fills: GATEWAY_API_CRDS_DIR of hack/lib/common.sh, in this environment.
        Process shell = new ProcessBuilder("bash", "-c", "source hack/lib/common.sh && echo \"$GATEWAY_API_CRDS_DIR\"")
                .redirectErrorStream(true).start();
        String scriptDir = new String(shell.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(shell.waitFor()).as(scriptDir).isZero();

        assertThat(GatewayApiCrds.version()).matches("v1\\.\\d+\\.\\d+");
        assertThat(GatewayApiCrds.defaultDir()).isEqualTo(Path.of(scriptDir));
        assertThat(GatewayApiCrds.defaultDir().getFileName()).hasToString(GatewayApiCrds.version());
    }
}
