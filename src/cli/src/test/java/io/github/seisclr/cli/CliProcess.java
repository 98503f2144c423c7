package io.github.seisclr.cli;

import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The command line in a process of its own, for the tests that stop it with a signal. */
final class CliProcess {
    private CliProcess() {
    }

    /**
     * Starts {@code java JVM_OPTIONS -cp (the test's class path) Main ARGS}, without the JVM options a
     * CI environment may set (they would say something on standard error first).
     *
     * @param jvmOptions options before {@code -cp}
     * @param args the command and its options
     * @param out where standard output goes
     * @param err where standard error goes
     * @param environment changes to the child's environment beyond that, made before it starts
     * @return the process
     */
    static Process start(List<String> jvmOptions, List<String> args, Path out, Path err,
                         java.util.function.Consumer<java.util.Map<String, String>> environment) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        environment.accept(pb.environment());
        return pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /**
     * Writes an SDS archive of one synthetic station: {@code days} days of 40 min from 06:00 on
     * 2024-01-01, 4 events an hour, day {@code d} generated with seed {@code firstSeed + d}.
     */
    static void stationDays(Path sds, int days, long firstSeed) {
        for (int day = 0; day < days; day++) {
            SyntheticGenerator.generate(SynthConfig.builder().seed(firstSeed + day)
                    .start(Instant.parse("2024-01-01T06:00:00Z").plus(Duration.ofDays(day))).duration(Duration.ofMinutes(40))
                    .stations(1).eventsPerHour(4).build()).writeSds(sds);
        }
    }
}
