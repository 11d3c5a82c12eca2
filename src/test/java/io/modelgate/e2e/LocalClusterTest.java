package io.modelgate.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * LocalCluster against stand-in hack scripts that record how they were called: when `up` fails, the caller gets an
 * exception and no cluster to close, so LocalCluster itself must bring down what `up` started.
 */
class LocalClusterTest {

    @TempDir
    Path repo;

    private Path calls;

    private void script(String name, String body) throws IOException {
        Path file = repo.resolve("hack").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void hackScripts(String onUp) throws IOException {
        calls = repo.resolve("calls");
        script("build-controlplane.sh", "echo KUBECTL=/bin/true");
        script("local-cluster.sh", "echo \"$1\" >> '" + calls + "'\ncase \"$1\" in up) " + onUp + " ;; esac");
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(calls);
    }

    @Test
    void aFailedUpIsBroughtDownBeforeTheFailureIsThrown() throws IOException {
        hackScripts("echo 'jobset exited while waiting for jobset ready' >&2; exit 1");

        assertThatThrownBy(() -> LocalCluster.up(repo, repo.resolve("state"), repo.resolve("logs")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("up failed (exit 1)");

        assertThat(calls()).containsExactly("down", "up", "down");
    }

    @Test
    void anUpThatWroteNoKubeconfigIsBroughtDownToo() throws IOException {
        hackScripts("exit 0");

        assertThatThrownBy(() -> LocalCluster.up(repo, repo.resolve("state"), repo.resolve("logs")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not write");

        assertThat(calls()).containsExactly("down", "up", "down");
    }

    @Test
    void aClusterThatCameUpIsLeftRunningForItsCaller() throws IOException {
        hackScripts("mkdir -p \"$MODELGATE_CLUSTER_DIR\" && touch \"$MODELGATE_CLUSTER_DIR/kubeconfig\"");

        LocalCluster cluster = LocalCluster.up(repo, repo.resolve("state"), repo.resolve("logs"));

        assertThat(calls()).containsExactly("down", "up");
        cluster.close();
        assertThat(calls()).containsExactly("down", "up", "down");
    }
}
