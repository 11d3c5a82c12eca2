package io.modelgate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the end-to-end support classes: paths, logging, child processes. */
public final class E2e {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private E2e() {
    }

    public static void log(String format, Object... args) {
        System.out.println("[e2e " + LocalTime.now().format(CLOCK) + "] " + String.format(format, args));
        System.out.flush();
    }

    /** The repository root: surefire runs tests in the module's base directory. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("hack/local-cluster.sh")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (hack/local-cluster.sh) from " + dir);
    }

    /** A TCP port on 127.0.0.1 that nothing listens on right now. */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code lines} lines of a text file, or a note why there are none. */
    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no file " + file + ")";
            }
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs a command to completion with a deadline. Output goes to temporary files, not pipes, so a
     * chatty child can never block on a full pipe.
     */
    public static Result run(List<String> command, Map<String, String> env, Path workDir, long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("e2e-cmd", ".out");
            Path err = Files.createTempFile("e2e-cmd", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                        .directory(workDir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command)
                            + "\nstdout:\n" + tail(out, 40) + "\nstderr:\n" + tail(err, 40));
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /**
     * The head of the ModelPipeline the e2e classes apply: a training stage and an evaluation whose simulated Job
     * reports auc 0.95 against a gate of 0.9. Each class appends its own serving and rollout.
     */
    public static String evaluatedPipeline(String name, String namespace) {
        return """
                apiVersion: modelgate.io/v1alpha1
                kind: ModelPipeline
                metadata: {name: %s, namespace: %s}
                spec:
                  model: fraud-detector
                  source:
                    trainingImage: registry.example/fraud-train:1.0
                    dataRef: s3://data/fraud/2026-11-01
                    parameters: {learning_rate: "0.1"}
                  training:
                    artifactUri: s3://models/{namespace}/{pipeline}/{revision}
                  evaluation:
                    template:
                      metadata:
                        annotations:
                          modelgate.io/simulated-termination-message: '{"auc": 0.95}'
                      spec:
                        containers: [{name: evaluate, image: registry.example/fraud-eval:1.0}]
                    gates: [{metric: auc, min: 0.9}]
                """.formatted(name, namespace);
    }
}
