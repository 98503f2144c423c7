package io.github.seisclr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the shared real-data folder is: system property {@code seisclr.shared.data}, else the
 * environment variable {@code SEISCLR_SHARED_DATA}, else {@code ../shared/data}. Tests that need it
 * skip (JUnit assumptions) when it is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    /**
     * @param sub a folder below the shared data folder, e.g. {@code mseed-conformance}
     * @return the folder, when present
     */
    public static Optional<Path> dir(String sub) {
        String prop = System.getProperty("seisclr.shared.data");
        String env = System.getenv("SEISCLR_SHARED_DATA");
        Path base = prop != null && !prop.isBlank() ? Path.of(prop)
                : env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "data");
        Path d = base.resolve(sub);
        return Files.isDirectory(d) ? Optional.of(d) : Optional.empty();
    }
}
