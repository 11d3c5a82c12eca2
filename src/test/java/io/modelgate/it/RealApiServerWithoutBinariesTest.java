package io.modelgate.it;

import io.modelgate.testing.RealApiServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without the control-plane binaries the integration tests fail, and say how to build them; they never skip. */
@Tag("integration")
class RealApiServerWithoutBinariesTest {

    @Test
    void anEmptyCacheFailsWithTheBuildCommand(@TempDir Path cache) {
        RealApiServer server = new RealApiServer(cache.resolve("kubeapitest"));

        assertThatThrownBy(server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No etcd/kube-apiserver/kubectl binaries")
                .hasMessageContaining(cache.resolve("kubeapitest").resolve("k8s") + " does not exist")
                .hasMessageContaining("Run hack/build-controlplane.sh");
    }

    @Test
    void aVersionFolderWithoutTheApiServerFailsNamingWhatIsMissing(@TempDir Path cache) throws IOException {
        Path folder = Files.createDirectories(cache.resolve("k8s").resolve("1.34.4-linux-amd64"));
        for (String binary : new String[]{"etcd", "kubectl"}) {
            Files.writeString(folder.resolve(binary), "#!/bin/sh\nexit 1\n");
            Files.setPosixFilePermissions(folder.resolve(binary), PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        assertThatThrownBy(() -> new RealApiServer(cache).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(folder + " lacks kube-apiserver")
                .hasMessageContaining("Run hack/build-controlplane.sh");
    }

    @Test
    void aNewerIncompleteFolderFailsBecauseKubeApiTestWouldPickIt(@TempDir Path cache) throws IOException {
        for (String version : new String[]{"1.34.4", "1.35.0"}) {
            Path folder = Files.createDirectories(cache.resolve("k8s").resolve(version + "-linux-amd64"));
            for (String binary : version.equals("1.34.4") ? new String[]{"etcd", "kube-apiserver", "kubectl"} : new String[]{"etcd"}) {
                Files.writeString(folder.resolve(binary), "#!/bin/sh\nexit 1\n");
                Files.setPosixFilePermissions(folder.resolve(binary), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }

        assertThatThrownBy(() -> new RealApiServer(cache).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kube-api-test would pick " + cache.resolve("k8s").resolve("1.35.0-linux-amd64"))
                .hasMessageContaining("Run hack/build-controlplane.sh");
    }
}
