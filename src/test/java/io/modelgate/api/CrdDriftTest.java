package io.modelgate.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRDs in crds/ and in the Helm chart are generated from the Java types. This fails when a
 * committed copy is stale; run {@code make crds} (this test with -Dmodelgate.updateCrds=true) to regenerate.
 */
class CrdDriftTest {

    static final Path PROJECT = Path.of(System.getProperty("user.dir"));
    static final List<Path> COPIES = List.of(PROJECT.resolve("crds"), PROJECT.resolve("helm/modelgate/crds"));
    static final List<String> FILES = List.of("clustermodelanalysistemplates.modelgate.io-v1.yml", "modelanalysistemplates.modelgate.io-v1.yml",
            "modelpipelines.modelgate.io-v1.yml", "modelrevisions.modelgate.io-v1.yml");

    static Path generate(Path dir) {
        new CRDGenerator()
                .customResourceClasses(ModelPipeline.class, ModelRevision.class, ModelAnalysisTemplate.class, ClusterModelAnalysisTemplate.class)
                .forCRDVersions("v1")
                .withPostProcessor(new CRDPostProcessor() {
                    @Override
                    public HasMetadata process(HasMetadata crd, String crdVersion) {
                        return printerColumnsInDeclaredOrder(crd);
                    }
                })
                .inOutputDir(dir.toFile())
                .generate();
        return dir;
    }

    /** The generator sorts printer columns by name; kubectl shows them in the order the API types declare. */
    private static HasMetadata printerColumnsInDeclaredOrder(HasMetadata resource) {
        if (!(resource instanceof CustomResourceDefinition crd)) {
            return resource;
        }
        Class<?> type = switch (crd.getSpec().getNames().getKind()) {
            case "ModelPipeline" -> ModelPipeline.class;
            case "ModelAnalysisTemplate" -> ModelAnalysisTemplate.class;
            case "ClusterModelAnalysisTemplate" -> ClusterModelAnalysisTemplate.class;
            default -> ModelRevision.class;
        };
        List<String> declared = Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class)).map(AdditionalPrinterColumn::name).toList();
        for (var version : crd.getSpec().getVersions()) {
            version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
        }
        return crd;
    }

    @Test
    void committedCrdsMatchTheJavaTypes(@TempDir Path tmp) throws IOException {
        Path generated = generate(tmp);
        boolean update = Boolean.getBoolean("modelgate.updateCrds");
        for (String file : FILES) {
            String expected = Files.readString(generated.resolve(file));
            for (Path copy : COPIES) {
                Path committed = copy.resolve(file);
                if (update) {
                    Files.createDirectories(copy);
                    Files.writeString(committed, expected);
                }
                assertThat(committed).as("%s is missing; run make crds", committed).exists();
                assertThat(Files.readString(committed))
                        .as("%s is stale: the Java types changed; run make crds and commit the result", committed)
                        .isEqualTo(expected);
            }
        }
    }
}
