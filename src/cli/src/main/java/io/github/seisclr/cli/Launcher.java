package io.github.seisclr.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line in a second JVM with the serial garbage collector when the user chose no
 * collector, so that {@code java -jar seisclr-cli.jar ...} stays within a station computer's memory.
 *
 * <p>Why: with Java's default collector (G1) and default heap (a quarter of the machine's memory)
 * the heap grows far beyond what the work keeps alive, because G1 trades memory for fewer
 * collections: {@code detect} on a synthetic station-day peaked at 1.4-2.1 GB resident on a 24 GB
 * machine, and at 0.68 GB with {@code -XX:+UseSerialGC} (same output, a little faster). A collector
 * cannot be chosen once a JVM runs, and a jar cannot name JVM options, hence the second JVM. The
 * first one waits for it, passes on its exit status, and stops it when it is stopped itself; the
 * second one stops if the first one disappears.
 *
 * <p>Not done when the user chose a collector ({@code -XX:+Use...GC}, on the command line or in
 * {@code JAVA_TOOL_OPTIONS}), when an agent is attached (a debugger's port cannot be opened twice),
 * when {@code SEISCLR_SAME_JVM} is set (to anything), or when the JVM's own command or class path
 * is unknown.
 */
final class Launcher {
    /** System property that marks the second JVM. */
    static final String CHILD = "seisclr.launched";
    /** Environment variable that keeps the command line in the JVM it was started in. */
    static final String SAME_JVM = "SEISCLR_SAME_JVM";

    private Launcher() {
    }

    /**
     * @param jvmArgs this JVM's options (as {@code RuntimeMXBean.getInputArguments()} gives them)
     * @param java this JVM's executable, if known
     * @param classPath this JVM's class path
     * @param env the environment
     * @param args the command line's arguments
     * @return the second JVM's command, or empty when this JVM runs the command line itself
     */
    static Optional<List<String>> command(List<String> jvmArgs, Optional<String> java, String classPath,
                                          Map<String, String> env, String[] args) {
        if (System.getProperty(CHILD) != null || env.containsKey(SAME_JVM) || java.isEmpty()
                || classPath == null || classPath.isBlank()) {
            return Optional.empty();
        }
        for (String a : jvmArgs) {
            if (a.startsWith("-XX:+Use") && a.endsWith("GC") || a.startsWith("-agentlib") || a.startsWith("-agentpath")
                    || a.startsWith("-javaagent") || a.startsWith("-Xrunjdwp") || a.startsWith("-Xdebug")) {
                return Optional.empty();
            }
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.get());
        cmd.addAll(jvmArgs);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-D" + CHILD + "=true");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return Optional.of(cmd);
    }

    /** @return the second JVM's command for this JVM, or empty (see {@link #command}) */
    static Optional<List<String>> command(String[] args) {
        return command(ManagementFactory.getRuntimeMXBean().getInputArguments(), ProcessHandle.current().info().command(),
                System.getProperty("java.class.path"), System.getenv(), args);
    }

    /**
     * Runs the second JVM with this one's standard streams and waits for it.
     *
     * @param command its command ({@link #command})
     * @return its exit status
     */
    static int run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        // their content is in the options passed on; the JVM would read them a second time
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process child = pb.start();
        Thread stop = new Thread(() -> {
            if (child.isAlive()) {
                child.destroy(); // SIGTERM: its own shutdown hooks run (temporary outputs removed)
                try {
                    child.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                child.destroyForcibly();
            }
        }, "seisclr-stop-child");
        Runtime.getRuntime().addShutdownHook(stop);
        return child.waitFor();
    }

    /** In the second JVM: exits when the first one has gone (killed without a chance to stop this one). */
    static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> {
            System.err.println("seisclr: the launching process has gone; stopping");
            System.exit(143);
        }));
    }
}
