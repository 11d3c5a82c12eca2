package io.modelgate.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The {@code KEY=value} lines a {@code hack/} script prints with {@code --print-env} (paths and versions). */
public final class HackEnv {

    private HackEnv() {
    }

    /** Runs {@code script --print-env} from the repository root (the tests' working directory) and parses its lines. */
    public static Map<String, String> of(String script) {
        Path file = Path.of(script).toAbsolutePath();
        if (!Files.isExecutable(file)) {
            throw new IllegalStateException(file + " is missing or not executable (tests run from the repository root)");
        }
        try {
            Path out = Files.createTempFile("print-env", ".out");
            Path err = Files.createTempFile("print-env", ".err");
            try {
                Process process = new ProcessBuilder(file.toString(), "--print-env")
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(script + " --print-env did not end within 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(script + " --print-env failed (exit " + process.exitValue() + "): " + Files.readString(err));
                }
                Map<String, String> env = new LinkedHashMap<>();
                for (String line : Files.readAllLines(out)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        env.put(line.substring(0, eq), line.substring(eq + 1).trim());
                    }
                }
                return env;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + " --print-env: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + script + " --print-env", e);
        }
    }

    /** One key of {@link #of}; fails, naming the script, when it is absent. */
    public static String get(String script, String key) {
        String value = of(script).get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("no " + key + "= in " + script + " --print-env");
        }
        return value;
    }
}
