package io.modelgate.it;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelgate.api.ModelPipeline;
import io.modelgate.api.ModelRevision;
import io.modelgate.testing.TestOperator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Installs the committed CRDs on a real API server and waits until they serve. */
public final class Crds {

    static final List<String> NAMES = List.of("clustermodelanalysistemplates.modelgate.io", "modelanalysistemplates.modelgate.io", "modelpipelines.modelgate.io", "modelrevisions.modelgate.io");
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Crds() {
    }

    /** Server-side apply of crds/*.yml (the files Helm installs), then Established and NamesAccepted, then the endpoints answer. */
    public static void install(KubernetesClient client) {
        TestOperator.installCrds(client, true);
        for (String name : NAMES) {
            await("CRD " + name + " Established").atMost(TIMEOUT).until(() -> established(client.apiextensions().v1().customResourceDefinitions().withName(name).get()));
        }
        // Established is set a moment before the new endpoints are routed; list until they answer.
        await("ModelPipeline endpoint").atMost(TIMEOUT).ignoreExceptions()
                .until(() -> client.resources(ModelPipeline.class).inAnyNamespace().list() != null);
        await("ModelRevision endpoint").atMost(TIMEOUT).ignoreExceptions()
                .until(() -> client.resources(ModelRevision.class).inAnyNamespace().list() != null);
    }

    /** A fresh copy of crds/{@code file}. */
    static CustomResourceDefinition committed(String file) {
        try (InputStream in = Files.newInputStream(Path.of("crds", file))) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()))
                && crd.getStatus().getConditions().stream().anyMatch(c -> "NamesAccepted".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
