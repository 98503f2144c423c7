package io.github.seisclr.cli;

import io.github.seisclr.SeisclrException;
import io.github.seisclr.io.AtomicFiles;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.output.Writers;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Entry point of {@code java -jar target/seisclr.jar}. */
@Command(name = "seisclr", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Self-supervised earthquake detection and phase picking in continuous miniSEED.",
        subcommands = {DetectCommand.class, ArchiveCommand.class, EvaluateCommand.class, AblateCommand.class, InfoCommand.class, StreamCommand.class, SynthCommand.class, TrainCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /**
     * Runs the command line and exits with its status.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        java.util.Optional<List<String>> child = Launcher.command(Launcher.Jvm.current(), System.getenv(), args);
        if (child.isPresent()) {
            java.util.Optional<ClassCache> cache = ClassCache.of(child.get(), Launcher.subcommand(args), System.getenv(),
                    System.getProperty("java.vm.info"), System.getProperty("java.vm.version"));
            List<String> command = cache.map(ClassCache::command).orElse(child.get());
            if (Arrays.asList(args).contains("--debug")) {
                System.err.println("seisclr: running in a second JVM (" + Launcher.SAME_JVM + "=1 to run in this one): "
                        + String.join(" ", command));
            }
            try {
                int status = Launcher.run(command);
                cache.ifPresent(c -> c.finish(status));
                System.exit(status);
            } catch (IOException e) {
                System.err.println("seisclr: cannot start a second JVM (" + e.getMessage() + "); running in this one");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                System.exit(130);
            }
        }
        Launcher.exitWithParent(System.getenv());
        boundNativeMemory();
        System.exit(run(args));
    }

    /** JavaCPP's property for the resident memory at which it collects garbage to free native buffers. */
    static final String MAX_PHYSICAL = "org.bytedeco.javacpp.maxphysicalbytes";

    /**
     * Sets JavaCPP's bound on the process's resident memory to twice the maximum heap (at least the
     * heap plus 1 GiB), unless {@code -Dorg.bytedeco.javacpp.maxphysicalbytes} (or
     * {@code maxPhysicalBytes}) is given. ND4J's buffers live outside the heap and are freed when the
     * collector finds their arrays unreachable; when an allocation would pass the bound, JavaCPP
     * collects garbage and retries, and if the process is still above it after ten tries it throws
     * {@code OutOfMemoryError: Physical memory usage is too high} (reported as running out of memory:
     * give Java more heap, which raises the bound, or set the property). By default the bound is four
     * times the maximum heap (24 GB on a 24 GB machine), which came too late: training on a
     * station-day with {@code -Xmx1g} peaked at 3.8 GB resident, with this bound at 2.1 GB and the
     * same weights. Must run before anything loads JavaCPP.
     */
    static void boundNativeMemory() {
        if (System.getProperty(MAX_PHYSICAL) == null && System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            long heap = Runtime.getRuntime().maxMemory();
            System.setProperty(MAX_PHYSICAL, String.valueOf(heap + Math.max(1L << 30, heap)));
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /**
     * Runs the command line without exiting, for tests.
     *
     * @param args command-line arguments
     * @return the exit status: 0 success, 1 bad input or failure, 2 bad usage
     */
    public static int run(String... args) {
        // figures on the console are written as in the files (CSV, JSON, QuakeML), whatever the
        // locale: "1.6 s", never "1,6 s" beside "threshold 5.0"; a caller's locale is given back
        java.util.Locale before = java.util.Locale.getDefault(java.util.Locale.Category.FORMAT);
        java.util.Locale.setDefault(java.util.Locale.Category.FORMAT, java.util.Locale.ROOT);
        try {
            return command(args);
        } finally {
            java.util.Locale.setDefault(java.util.Locale.Category.FORMAT, before);
        }
    }

    private static int command(String... args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        // --debug anywhere on the line: stack traces with the errors (taken out before picocli parses)
        boolean debug = rest.remove("--debug");
        // --verbose anywhere on the line: what each step decided, logged (a trigger taken as a later
        // phase of the event before it, what is read, ...); taken out before picocli parses
        boolean verbose = rest.contains("--verbose");
        rest.removeIf("--verbose"::equals);
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : verbose ? "info" : "warn");
        }
        // warnings name the data, not the code ("WARN BG.BUC..DPZ: 7.17 s of the constant value ...",
        // not "[main] WARN io.github.seisclr.signal.Flatlines - BG.BUC..DPZ: ..."), except with
        // --debug, where the thread and the logger help to place them (slf4j-simple 2.0 ignores its
        // warnLevelString, so the level's word stays)
        if (!debug) {
            setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
            setIfAbsent("org.slf4j.simpleLogger.showLogName", "false");
        }
        // ND4J warns on loading that two of its TensorFlow import mappings clash ("Duplicate TF op
        // mapping found for op Pow"): about its TensorFlow model import, which seisclr does not use
        String importMapping = "org.slf4j.simpleLogger.log.org.nd4j.imports.converters.ImportClassMapping";
        if (!debug && System.getProperty(importMapping) == null) {
            System.setProperty(importMapping, "error");
        }
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --objective predictive as well as PREDICTIVE
        // an option of several values (stream's --replay and --stations, train's --input) must not
        // take a mistyped or unknown option for one of them: "--replay data --theshold 6" is an
        // unknown option, not a file named --theshold (found by review). Only there: elsewhere a
        // value may start with '-' (synth --magnitudes -0.5,1)
        for (String several : List.of("stream", "train")) {
            cl.getSubcommands().get(several).setUnmatchedOptionsAllowedAsOptionParameters(false);
        }
        cl.registerConverter(Path.class, Main::path);
        // a time option (synth's --start, --event-at) takes a day as its first instant, as --from does
        cl.registerConverter(java.time.Instant.class, Main::instant);
        // every command's --version prints the version (a subcommand's printed nothing without this)
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null) {
                sub.getCommandSpec().versionProvider(new Version());
            }
        }
        // --debug and --verbose are taken out before picocli parses: every help says them (review: none did)
        for (CommandLine c : java.util.stream.Stream.concat(java.util.stream.Stream.of(cl),
                cl.getSubcommands().values().stream()).toList()) {
            var usage = c.getCommandSpec().usageMessage();
            List<String> footer = new java.util.ArrayList<>(Arrays.asList(usage.footer()));
            footer.addAll(List.of("", "Anywhere on the line:", "      --debug     add the stack trace to an error",
                    "      --verbose   log what each step decided"));
            usage.footer(footer.toArray(new String[0]));
        }
        cl.setParameterExceptionHandler((ex, params) -> {
            CommandLine line = ex.getCommandLine();
            line.getErr().println("seisclr: error: " + Writers.oneLine(ex.getMessage()));
            // where picocli names the options meant, that is the hint (a mistyped option's value is unmatched too)
            boolean suggested = CommandLine.UnmatchedArgumentException.printSuggestions(ex, line.getErr());
            if (suggested) {
                line.getErr().flush();
            } else if (line.getCommandName().equals("stream") && ex instanceof CommandLine.UnmatchedArgumentException u
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
                // review (a new user): `stream data-samples` said only "Unmatched argument at index 1"
                line.getErr().println("stream takes no PATHs: give files or folders to replay with --replay PATH..., or"
                        + " a server with --seedlink HOST:PORT");
            } else {
                line.getErr().println("Try 'seisclr " + (line.getCommandName().equals("seisclr") ? ""
                        : line.getCommandName() + " ") + "--help' for the options.");
            }
            if (debug) {
                ex.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            // a file name may hold a line feed or a terminal escape: shown escaped, the error stays one
            // line and the name recognisable (review)
            line.getErr().println("seisclr: error: " + Writers.oneLine(modelGivenAsData(ex).orElseGet(() -> message(ex)
                    + skipHint(ex, line))));
            if (debug) {
                ex.printStackTrace(line.getErr());
            } else if (!(ex instanceof SeisclrException || ex instanceof IllegalArgumentException
                    || ex instanceof IOException || ex instanceof UncheckedIOException)) {
                line.getErr().println("(an unexpected failure: run again with --debug for the details, and please"
                        + " report it)");
            }
            line.getErr().flush();
            return ex instanceof UsageException ? USAGE : FAILURE;
        });
        try {
            return cl.execute(rest.toArray(new String[0]));
        } catch (OutOfMemoryError | StackOverflowError | NoClassDefFoundError | UnsatisfiedLinkError e) {
            // not an Exception, so past picocli's handler: one line all the same
            System.err.println("seisclr: error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + Writers.oneLine(e.getMessage())) + (e instanceof OutOfMemoryError ? " (give Java more memory, e.g."
                    + " java -Xmx8g -jar ...)" : " (run again with --debug for the details)"));
            if (debug) {
                e.printStackTrace();
            }
            return FAILURE;
        }
    }

    /** Exit status of a failed run: bad input, unwritable output, any failure. */
    static final int FAILURE = 1;
    /** Exit status of a command-line mistake. */
    static final int USAGE = 2;

    /**
     * @return for a damaged file, where the command can leave one out ({@code --skip-damaged}),
     *     how to; else nothing
     */
    static String skipHint(Throwable ex, CommandLine line) {
        if (!(ex instanceof io.github.seisclr.BadInputException b) || line.getCommandSpec().findOption("--skip-damaged")
                == null) {
            return "";
        }
        // only where the reader would have left the file out: a bad picks file or a channel no model
        // can use is no damaged file, and with --skip-damaged given the hint would repeat itself
        return b.damagedFile() ? " (--skip-damaged leaves the damaged records out and reads the rest)" : "";
    }

    /**
     * @return where a seisclr model file was read as miniSEED (given without {@code --model}, or
     *     among the data), what it is and where it goes, instead of the reader's "not miniSEED: the
     *     first bytes of a zip archive" (review); else nothing
     */
    static java.util.Optional<String> modelGivenAsData(Throwable ex) {
        if (ex instanceof io.github.seisclr.BadInputException b && b.problem() == io.github.seisclr.BadInputException.Problem.NOT_MINISEED
                && b.source().isPresent()) {
            Path file;
            try {
                file = Path.of(b.source().get());
            } catch (InvalidPathException notAFile) {
                return java.util.Optional.empty(); // a stream's name
            }
            if (ModelFiles.isModel(file)) {
                return java.util.Optional.of(file + ": is a seisclr model file, not miniSEED data; give a model with"
                        + " --model (train: --init), and the data as files or folders");
            }
        }
        return java.util.Optional.empty();
    }

    /** @return what went wrong, for one line after "seisclr: error: " */
    static String message(Throwable ex) {
        if (ex instanceof UncheckedIOException u && u.getCause() != null) {
            String m = u.getMessage();
            return m != null && !m.equals(u.getCause().toString()) ? m : message(u.getCause());
        }
        if (ex instanceof IOException io) {
            String file = io instanceof java.nio.file.FileSystemException f ? f.getFile() : null;
            return file != null ? file + ": " + AtomicFiles.reason(io) : AtomicFiles.reason(io);
        }
        if (ex instanceof SeisclrException || ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        return ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
    }

    /** Times from the command line: a UTC time, or a day as its first instant (as {@code --from} takes it). */
    private static java.time.Instant instant(String value) {
        try {
            return io.github.seisclr.io.Times.dayOrTime(value, false);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /**
     * Paths from the command line. A name the platform's file-name encoding cannot hold (non-ASCII
     * under {@code LC_ALL=C}) is a usage error that says so, not an InvalidPathException.
     */
    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' cannot be a file name here: " + e.getReason()
                    + " (the file-name encoding is " + System.getProperty("sun.jnu.encoding")
                    + "; run under a UTF-8 locale, e.g. LC_ALL=C.UTF-8, for non-ASCII names)");
        }
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

    /** No command given: the usage, on standard error, and exit status 2 (a usage error), as a wrong command gets. */
    @Override
    public void run() {
        CommandLine.usage(this, System.err);
        throw new CommandLine.ParameterException(new CommandLine(this), "give a command (detect, train, ...)");
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
