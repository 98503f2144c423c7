package io.github.seisclr.cli;

import io.github.seisclr.SeisclrException;
import io.github.seisclr.model.Encoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar target/seisclr.jar}. */
@Command(name = "seisclr", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Self-supervised earthquake detection and phase picking in continuous miniSEED.",
        subcommands = {DetectCommand.class, EvaluateCommand.class, AblateCommand.class, InfoCommand.class, StreamCommand.class, SynthCommand.class, TrainCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /**
     * Runs the command line and exits with its status.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line without exiting, for tests.
     *
     * @param args command-line arguments
     * @return the exit status: 0 success, 1 bad input or failure, 2 bad usage
     */
    public static int run(String... args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        }
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --objective predictive as well as PREDICTIVE
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof SeisclrException || ex instanceof IllegalArgumentException
                    || ex instanceof java.io.UncheckedIOException) {
                line.getErr().println("seisclr: error: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /**
     * @param file a model file, or null for the bundled model
     * @return the encoder
     */
    static Encoder model(java.nio.file.Path file) {
        return file == null ? Encoder.bundled() : Encoder.load(file);
    }

    /** @return how a model option reads in summaries and file headers */
    static String modelName(java.nio.file.Path file) {
        return file == null ? Encoder.BUNDLED + " (bundled)" : file.toString();
    }

    /**
     * Unless {@code OMP_NUM_THREADS} is set: one ND4J thread per operation, the cores used by
     * running chunks and batches side by side instead ({@link Encoder#useOneThreadPerOperation()}).
     */
    static void oneThreadPerOperation() {
        if (System.getenv("OMP_NUM_THREADS") == null) {
            Encoder.useOneThreadPerOperation();
        }
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"seisclr " + (v == null ? "(development build)" : v)};
        }
    }
}
