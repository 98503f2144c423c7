package io.github.seisclr.cli;

import java.io.File;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a command in a second JVM with the serial garbage collector when the user started the
 * command line plainly ({@code java -jar seisclr-cli.jar detect ...}), so that it stays within a
 * station computer's memory.
 *
 * <p>Why: with Java's default collector (G1) and default heap (a quarter of the machine's memory)
 * the heap grows far beyond what the work keeps alive, because G1 trades memory for fewer
 * collections: {@code detect} on a synthetic station-day peaked at 1.4-2.1 GB resident on a 24 GB
 * machine, and at 0.68 GB with {@code -XX:+UseSerialGC} (same output, no slower). A collector
 * cannot be chosen once a JVM runs, and a jar cannot name JVM options, hence the second JVM. The
 * first one only waits for it and passes on its exit status; stopped (SIGTERM), it asks the second
 * one to stop and waits for it, and the second one stops if the first one disappears.
 *
 * <p>Only where that is safe and pays: for the commands that read, train or stream
 * ({@link #COMMANDS}; not {@code archive}, whose Spark tasks run in parallel, nor {@code bench},
 * which measures the JVM you started), when seisclr's {@code Main} is the JVM's main class (not
 * when it is called from another program, {@code mvn exec:java} or an IDE's runner), when the JVM
 * does not use the serial collector already, when every JVM option is one that two JVMs can share
 * (heap and stack sizes, system properties other than JMX and RMI ones, module opens and
 * assertions: a chosen collector, an agent, a JMX port, a flight recording or a log file keeps the
 * command in the first JVM), and unless {@code SEISCLR_SAME_JVM} is set.
 */
final class Launcher {
    /** Environment variable that keeps a command in the JVM it was started in (set in the second JVM too). */
    static final String SAME_JVM = "SEISCLR_SAME_JVM";
    /** The value of {@link #SAME_JVM} that marks the second JVM. */
    static final String CHILD = "child";
    /** Environment variable that gives the second JVM the first one's process id. */
    static final String PARENT = "SEISCLR_PARENT_PID";
    /** The commands run in a second JVM. */
    static final Set<String> COMMANDS = Set.of("detect", "train", "evaluate", "ablate", "stream", "info", "synth");
    /** JVM options that a second JVM can be given as they are. */
    private static final List<String> SHAREABLE = List.of("-Xmx", "-Xms", "-Xss", "-Xmn", "-D", "-XX:MaxRAM",
            "-XX:InitialRAM", "-XX:MinRAM", "-XX:ActiveProcessorCount", "-XX:MaxDirectMemorySize", "-XX:+UseContainerSupport",
            "-XX:-UseContainerSupport", "-XX:+ExitOnOutOfMemoryError", "--add-opens", "--add-exports", "-ea", "-da",
            "-enableassertions", "-disableassertions");

    private Launcher() {
    }

    /** What the first JVM knows about itself. */
    record Jvm(List<String> options, String javaHome, String command, String classPath, boolean serialCollector,
               boolean mainOnSystemLoader) {
        static Jvm current() {
            boolean serial = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                    .anyMatch(n -> n.equals("Copy") || n.equals("MarkSweepCompact"));
            return new Jvm(ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty("java.home"),
                    System.getProperty("sun.java.command", ""), System.getProperty("java.class.path", ""), serial,
                    Main.class.getClassLoader() == ClassLoader.getSystemClassLoader());
        }
    }

    /**
     * @param jvm the first JVM
     * @param env the environment
     * @param args the command line's arguments
     * @return the second JVM's command, or empty when the command runs in this JVM
     */
    static Optional<List<String>> command(Jvm jvm, Map<String, String> env, String[] args) {
        String subcommand = subcommand(args);
        if (env.containsKey(SAME_JVM) || !COMMANDS.contains(subcommand) || jvm.serialCollector()
                || !jvm.mainOnSystemLoader() || jvm.javaHome() == null || jvm.classPath().isBlank()) {
            return Optional.empty();
        }
        for (String a : args) {
            // an inherited file descriptor (bash's --out >(gzip > f.gz), <(...)) is this process's
            // alone: the second JVM gets only the three standard streams
            if (a.contains("/dev/fd/") || a.contains("/proc/self/fd/")) {
                return Optional.empty();
            }
        }
        for (String o : jvm.options()) {
            if (SHAREABLE.stream().noneMatch(o::startsWith) || o.startsWith("-Dcom.sun.management")
                    || o.startsWith("-Djava.rmi")) {
                return Optional.empty();
            }
        }
        String started = jvm.command();
        String main = Main.class.getName();
        List<String> cmd = new ArrayList<>();
        cmd.add(jvm.javaHome() + File.separator + "bin" + File.separator + "java");
        cmd.addAll(jvm.options());
        cmd.add("-XX:+UseSerialGC");
        if (jvm.classPath().endsWith(".jar") && (started.equals(jvm.classPath()) || started.startsWith(jvm.classPath() + " "))) {
            cmd.add("-jar"); // java -jar: the jar's manifest (class path, module opens) applies again
            cmd.add(jvm.classPath());
        } else if (started.equals(main) || started.startsWith(main + " ")) {
            cmd.add("-cp");
            cmd.add(jvm.classPath());
            cmd.add(main);
        } else {
            return Optional.empty(); // started some other way
        }
        cmd.addAll(List.of(args));
        return Optional.of(cmd);
    }

    /** @return the command the arguments name (their first that is not an option), or "" */
    static String subcommand(String[] args) {
        return List.of(args).stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
    }

    /**
     * Runs the second JVM with this one's standard streams and waits for it.
     *
     * @param command its command ({@link #command})
     * @return its exit status
     */
    static int run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        // their content is among the options passed on: the second JVM would read it twice
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        pb.environment().put(SAME_JVM, CHILD);
        pb.environment().put(PARENT, String.valueOf(ProcessHandle.current().pid()));
        Process child = pb.start();
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        Thread stop = new Thread(() -> {
            if (child.isAlive()) {
                if (!windows) {
                    child.destroy(); // SIGTERM: its shutdown hooks write what it holds
                } // on Windows destroy() would kill it outright; Ctrl-C reaches it as it reached this one
                try {
                    child.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "seisclr-stop-child");
        Runtime.getRuntime().addShutdownHook(stop);
        return child.waitFor();
    }

    /** In the second JVM: exits when the first one has gone (killed without a chance to stop this one). */
    static void exitWithParent(Map<String, String> env) {
        if (!CHILD.equals(env.get(SAME_JVM)) || env.get(PARENT) == null) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isPresent() && String.valueOf(parent.get().pid()).equals(env.get(PARENT))) {
            parent.get().onExit().thenRun(Launcher::parentGone);
        } else if (parent.isEmpty() || parent.get().pid() == 1) {
            parentGone(); // started by a launcher that is already gone (this process was handed to init)
        }
    }

    private static void parentGone() {
        System.err.println("seisclr: the launching process has gone; stopping");
        System.exit(143);
    }
}
