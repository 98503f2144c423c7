package io.github.seisclr.cli;

import io.github.seisclr.output.Writers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line as a careless user meets it: outputs that would clobber inputs are refused
 * before any work, every mistake is one line in one style ({@code seisclr: error: ...}) with exit
 * status 2 for usage and 1 for input or output that fails, never a stack trace without
 * {@code --debug}. Each case is a regression from trying about 70 bad inputs as a new user.
 */
class CommandErrorsTest {
    @TempDir
    static Path shared;
    private static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = shared.resolve("data");
        Files.createDirectories(data);
        Files.copy(Path.of("data-samples", "XX.SYN01.mseed"), data.resolve("XX.SYN01.mseed"));
    }

    /** Exit status and everything written to standard error. */
    record Run(int status, String err) {
    }

    static Run run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int status = Main.run(args);
            // Jazzer's agent, once a fuzz test has run in this JVM, logs each class it instruments to stderr
            // and an earlier test of the suite may have turned on INFO logging (--verbose sets the
            // process's level once): its log lines are not the command's messages
            String said = buf.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("INFO: Instrumented ") && !l.matches("\\[[^\\]]+\\] INFO .*"))
                    .collect(java.util.stream.Collectors.joining("\n"));
            return new Run(status, said);
        } finally {
            System.setErr(err);
        }
    }

    /**
     * Review (2026-12-07): {@code info} could not say what a model file is (it read it as miniSEED:
     * "the first bytes of a zip archive"). It now describes a model, beside miniSEED given with it,
     * and a damaged model is an error naming it.
     */
    @Test
    void infoDescribesAModelFile() throws IOException {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        Run r;
        try {
            r = run("info", "models/seisclr-default-v1.zip", data.resolve("XX.SYN01.mseed").toString());
        } finally {
            System.setOut(out);
        }
        assertEquals(0, r.status(), r.err());
        String said = buf.toString(StandardCharsets.UTF_8);
        for (String s : new String[] {"model models/seisclr-default-v1.zip", "id            da3d6fc5569d (weights SHA-256 da3d6fc5569d",
                "input         100 Hz, 4 s windows, band 1-20 Hz, components Z N/1 E/2", "contrastive objective",
                "trained on    17.98 h of XX.SYN01.00.HH", "XX.SYN01.00.HHZ"}) {
            assertTrue(said.contains(s), s + " in: " + said);
        }
        Path broken = shared.resolve("broken-model.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(broken))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("manifest.json"));
            zip.write("{\"format\": \"seisclr-model\"".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertOneLineError(run("info", broken.toString()), 1, "broken-model.zip");
    }

    /**
     * Review (2026-12-07, an ocean-bottom array): a file whose clock stepped back 2 s made info refuse
     * the folder it was asked to describe. It now lists the channels with both sides of the overlap
     * kept, the overlap among "Gaps and overlaps", and then the error detect would give (exit 1).
     */
    @Test
    void infoDescribesDataWithAClockSteppedBackAndSaysDetectRefusesThem() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("stepped"));
        java.time.Instant t0 = java.time.Instant.parse("2024-01-01T00:00:00Z");
        io.github.seisclr.io.SourceId z = new io.github.seisclr.io.SourceId("XX", "OBS", "", "HHZ");
        java.util.Random r = new java.util.Random(5);
        io.github.seisclr.io.Waveforms.write(List.of(
                io.github.seisclr.io.Trace.of(z, t0, 100, r.doubles(1000).map(v -> Math.rint(1000 * v)).toArray()),
                io.github.seisclr.io.Trace.of(z, t0.plusSeconds(8), 100, r.doubles(1000).map(v -> Math.rint(1000 * v))
                        .toArray())), dir.resolve("stepped.mseed"));
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        Run info;
        try {
            info = run("info", dir.toString());
        } finally {
            System.setOut(out);
        }
        String listed = buf.toString(StandardCharsets.UTF_8);
        assertEquals(1, info.status(), info.err());
        assertTrue(listed.contains("XX.OBS..HHZ") && listed.contains("Gaps and overlaps: 1")
                && listed.contains("XX.OBS..HHZ overlap: data to 2024-01-01T00:00:09.990Z, then again from"
                + " 2024-01-01T00:00:08Z"), listed);
        assertTrue(info.err().contains("seisclr: error: 1 overlap(s) with different samples")
                && info.err().contains("its clock stepped back 2.000 s"), info.err());
    }

    /**
     * Review (2026-12-07): --debug and --verbose, which the README gives, were in no command's help
     * (they are taken out before the options are parsed).
     */
    @Test
    void everyHelpSaysDebugAndVerbose() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"detect", "--help"},
                new String[] {"stream", "--help"}, new String[] {"archive", "--help"})) {
            PrintStream out = System.out;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            try {
                assertEquals(0, Main.run(args));
            } finally {
                System.setOut(out);
            }
            String help = buf.toString(StandardCharsets.UTF_8);
            assertTrue(help.contains("--debug     add the stack trace to an error")
                    && help.contains("--verbose   log what each step decided"), List.of(args) + ": " + help);
        }
    }

    private static void assertOneLineError(Run r, int status, String... phrases) {
        assertEquals(status, r.status(), r.err());
        assertTrue(r.err().startsWith("seisclr: error: "), r.err());
        for (String p : phrases) {
            assertTrue(r.err().contains(p), "'" + p + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    /**
     * Review (2026-12-07, an ocean-bottom array): a folder of a hydrophone alone scored nothing and
     * exited 0 with an empty catalogue; it is an error naming the channel, as data below the band are.
     */
    @Test
    void aHydrophoneAloneIsAnErrorNotAnEmptyCatalogue() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("hydrophone"));
        double[] x = new java.util.Random(3).doubles(6000).map(v -> Math.rint(1000 * v)).toArray();
        io.github.seisclr.io.Waveforms.write(List.of(io.github.seisclr.io.Trace.of(
                new io.github.seisclr.io.SourceId("XX", "OBS", "", "HDH"), java.time.Instant.parse("2024-01-01T00:00:00Z"),
                100, x)), dir.resolve("XX.OBS.HDH.mseed"));
        Run r = run("detect", dir.toString(), "--out", shared.resolve("hydrophone.csv").toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("seisclr: error: ") && r.err().contains("no channel can be used: XX.OBS..HDH at"
                + " 100 Hz") && r.err().contains("is no component the model reads"), r.err());
        assertFalse(Files.exists(shared.resolve("hydrophone.csv")));
        // beside a seismometer: left out, and the summary does not count its stream as a station scored
        Files.copy(data.resolve("XX.SYN01.mseed"), dir.resolve("XX.SYN01.mseed"));
        Run beside = run("detect", dir.toString(), "--out", shared.resolve("hydrophone-beside.csv").toString());
        assertEquals(0, beside.status(), beside.err());
        assertTrue(beside.err().contains("2 file(s), 2 station(s) (1 scored; the warnings above say why not the"
                + " others)"), beside.err());
    }

    /**
     * Review (an ocean-bottom array): what reading did to the data was said in the docs only: two
     * copies of a file read as one, 200 Hz resampled, components 1 and 2 taken as the horizontals. The
     * run says each (a warning naming the copy, "read as:" lines after the summary).
     */
    @Test
    void detectSaysHowItReadTheDataWhereItIsNotAsRecorded() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("read-as"));
        writeSyn01As(dir.resolve("XX.OBS01.mseed"), t -> {
            char c = t.id().component();
            return io.github.seisclr.io.Trace.of(new io.github.seisclr.io.SourceId("XX", "OBS01", "00",
                    "HH" + (c == 'N' ? '1' : c == 'E' ? '2' : c)), t.start(), 200, t.samples());
        });
        Files.copy(data.resolve("XX.SYN01.mseed"), dir.resolve("XX.SYN01.mseed"));
        Files.copy(data.resolve("XX.SYN01.mseed"), dir.resolve("XX.SYN01-copy.mseed"));
        Run r = run("detect", dir.toString(), "--out", shared.resolve("read-as.csv").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("read as: XX.OBS01.00.HH: 200 Hz resampled to the model's 100 Hz; components 1 and 2"
                + " taken as the two horizontals"), r.err());
        assertFalse(r.err().contains("read as: XX.SYN01"), "recorded as the model reads it: " + r.err());
        // the outputs say it too (a black-box review: only the terminal did)
        assertTrue(Files.readString(shared.resolve("read-as.csv")).contains("# warning: read as: XX.OBS01.00.HH: 200 Hz"
                + " resampled to the model's 100 Hz"), "in the CSV's warnings");
        // the channels at a rate, named where the station's channels differ
        Path mixed = Files.createDirectories(shared.resolve("read-as-mixed"));
        writeSyn01As(mixed.resolve("XX.SYN01.mseed"), t -> t.id().component() == 'Z' ? t
                : io.github.seisclr.io.Trace.of(t.id(), t.start(), 200, t.samples()));
        Run m = run("detect", mixed.toString(), "--out", shared.resolve("read-as-mixed.csv").toString());
        assertEquals(0, m.status(), m.err());
        assertTrue(m.err().contains("read as: XX.SYN01.00.HH: HHE, HHN at 200 Hz resampled to the model's 100 Hz"),
                m.err());
        Run quiet = run("detect", data.resolve("XX.SYN01.mseed").toString(), "--out", shared.resolve("read-as-not.csv").toString());
        assertFalse(quiet.err().contains("read as:"), quiet.err());
        // listed among the run's warnings whether or not this process logged it before
        assertTrue(io.github.seisclr.io.Warnings.collect(() -> io.github.seisclr.io.Waveforms.read(dir.resolve("XX.SYN01.mseed"),
                dir.resolve("XX.SYN01-copy.mseed"))).warnings().stream().anyMatch(w -> w.startsWith("XX.SYN01.00.HH: record(s)"
                + " of XX.SYN01.00.HHE, XX.SYN01.00.HHN, XX.SYN01.00.HHZ holding only samples already read")
                && w.contains("XX.SYN01-copy.mseed at byte")), "the copy is named");
    }

    /**
     * A black-box review: two sensors at one station (HH at location 00, EH at 10) were counted as
     * "2 station(s)", where the network detections count them as one station.
     */
    @Test
    void theSummaryCountsAStationsSensorsAsSensors() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("two-sensors"));
        writeSyn01As(dir.resolve("XX.SYN01.EH.mseed"), t -> io.github.seisclr.io.Trace.of(new io.github.seisclr.io.SourceId(
                "XX", "SYN01", "10", "EH" + t.id().component()), t.start(), t.sampleRate(), t.samples()));
        Files.copy(data.resolve("XX.SYN01.mseed"), dir.resolve("XX.SYN01.mseed"));
        Run r = run("detect", dir.toString(), "--out", shared.resolve("two-sensors.csv").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("2 file(s), 2 sensor(s) at 1 station(s), "), r.err());
    }

    /**
     * A channel whose rate changes (100 Hz, then 50 Hz) is read (a black-box review: info, the
     * diagnostic command, showed the error alone), and info's table gives both rates, not the first.
     */
    @Test
    void infoGivesEachRateOfAChannelWhoseRateChanges() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("rate-change"));
        java.time.Instant t0 = java.time.Instant.parse("2024-01-01T00:00:00Z");
        double[] x = new java.util.Random(4).doubles(6000).map(v -> Math.rint(1000 * v)).toArray();
        io.github.seisclr.io.SourceId z = io.github.seisclr.io.SourceId.parse("XX.RC..HHZ");
        io.github.seisclr.io.Waveforms.write(List.of(io.github.seisclr.io.Trace.of(z, t0, 100, x),
                io.github.seisclr.io.Trace.of(z, t0.plusSeconds(60), 50, x)), dir.resolve("XX.RC.mseed"));
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        Run r;
        try {
            r = run("info", dir.resolve("XX.RC.mseed").toString());
        } finally {
            System.setOut(out);
        }
        assertEquals(0, r.status(), r.err());
        String said = buf.toString(StandardCharsets.UTF_8);
        assertTrue(said.lines().anyMatch(l -> l.startsWith("XX.RC..HHZ") && l.contains(" 100/50 ")), said);
    }

    /** Writes XX.SYN01's traces, each made into what {@code as} gives, to {@code file}. */
    private static void writeSyn01As(Path file, java.util.function.UnaryOperator<io.github.seisclr.io.Trace> as) {
        io.github.seisclr.io.Waveforms.write(io.github.seisclr.io.Waveforms.read(data.resolve("XX.SYN01.mseed")).traces()
                .stream().map(as).toList(), file);
    }

    /** Review (a new user): {@code stream data-samples} answered "Unmatched argument at index 1" alone. */
    @Test
    void streamGivenAPathSaysWhereItsInputGoes() {
        Run r = run("stream", data.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("stream takes no PATHs: give files or folders to replay with --replay PATH..."), r.err());
        // a mistyped option keeps picocli's suggestion (its value is unmatched too, and is no PATH; review)
        Run typo = run("stream", "--seedlnk", "localhost:18000");
        assertEquals(2, typo.status(), typo.err());
        assertTrue(typo.err().contains("--seedlink") && !typo.err().contains("takes no PATHs"), typo.err());
    }

    /** Regression: in a German locale the summary said "1,6 s in all" beside "threshold 5.0 on". */
    @Test
    void figuresOnTheConsoleAreWrittenAsInTheFilesInEveryLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale beforeFormat = java.util.Locale.getDefault(java.util.Locale.Category.FORMAT);
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            Run r = run("detect", data.resolve("XX.SYN01.mseed").toString());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.err().lines().anyMatch(l -> l.matches("\\d+\\.\\d s in all, \\d+ station-hours per minute.*")), r.err());
            assertFalse(r.err().matches("(?s).*\\d,\\d.*"), "a decimal comma: " + r.err());
            assertEquals(java.util.Locale.GERMANY, java.util.Locale.getDefault(java.util.Locale.Category.FORMAT),
                    "the caller's locale given back");
        } finally {
            java.util.Locale.setDefault(before);
            java.util.Locale.setDefault(java.util.Locale.Category.FORMAT, beforeFormat);
        }
    }

    /** Regression: {@code detect f.mseed --out f.mseed} turned the miniSEED file into a CSV, exit 0. */
    @Test
    void detectRefusesToWriteOverItsInputFile() throws IOException {
        Path f = data.resolve("XX.SYN01.mseed");
        byte[] before = Files.readAllBytes(f);
        assertOneLineError(run("detect", f.toString(), "--out", f.toString()), 2, "--out", "is an input of this command");
        // the same file by another name: a link, a path with dots
        Path link = shared.resolve("link.mseed");
        Files.createSymbolicLink(link, f);
        assertOneLineError(run("detect", f.toString(), "--out", link.toString()), 2, "is an input");
        assertOneLineError(run("detect", data.toString(), "--out", data.resolve("../data/XX.SYN01.mseed").toString()), 2,
                "is an input");
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    /** Regression: {@code train --input f --out f} and {@code stream --replay f --out f} clobbered f too. */
    @Test
    void trainAndStreamRefuseToWriteOverTheirInputs() throws IOException {
        Path f = data.resolve("XX.SYN01.mseed");
        byte[] before = Files.readAllBytes(f);
        assertOneLineError(run("train", "--input", f.toString(), "--out", f.toString()), 2, "is an input");
        assertOneLineError(run("stream", "--replay", f.toString(), "--out", f.toString()), 2, "is an input");
        Path model = shared.resolve("start.zip");
        Files.copy(Path.of("models", "seisclr-default-v1.zip"), model);
        assertOneLineError(run("train", "--input", f.toString(), "--init", model.toString(), "--out",
                model.toString()), 2, "is an input");
        // other miniSEED data are not an output's place either
        Path other = shared.resolve("other.mseed");
        Files.copy(f, other);
        assertOneLineError(run("detect", f.toString(), "--out", other.toString()), 2, "is a miniSEED file");
        assertArrayEquals(before, Files.readAllBytes(f));
        assertArrayEquals(before, Files.readAllBytes(other));
    }

    /**
     * Regression: two outputs of one command given one name ({@code --out x --save-calibrations x})
     * were both written, the second over the first, exit 0: the detections were lost. And (review, a
     * new user) {@code --out x --plot x} made the folder x, ran the whole detection, then could not
     * write x. Each is refused before any work, naming both options.
     */
    @Test
    void twoOutputsOfOneNameAreRefused() {
        Path f = data.resolve("XX.SYN01.mseed");
        Path same = shared.resolve("same.out");
        assertOneLineError(run("detect", f.toString(), "--out", same.toString(), "--save-calibrations",
                same.toString()), 2, "--out and --save-calibrations name the same path (" + same + "); give each its own");
        assertOneLineError(run("stream", "--replay", f.toString(), "--out", same.toString(), "--calibrations",
                same.toString()), 2, "--out and --calibrations name the same path");
        assertOneLineError(run("detect", f.toString(), "--out", same.toString(), "--plot", same.toString()), 2,
                "--out and --plot name the same path");
        assertOneLineError(run("train", "--input", f.toString(), "--out", same.toString(), "--checkpoints",
                same.toString()), 2, "--out and --checkpoints name the same path");
        assertFalse(Files.exists(same), "nothing made");
    }

    /** Regression: outputs were checked after the work, with stack traces or "cannot write x: x". */
    @Test
    void outputLocationsAreCheckedBeforeTheWork() throws IOException {
        Path f = data.resolve("XX.SYN01.mseed");
        assertOneLineError(run("detect", f.toString(), "--out", shared.toString()), 2, "--out", "is a folder");
        Path file = Files.writeString(shared.resolve("plain.txt"), "x");
        assertOneLineError(run("detect", f.toString(), "--plot", file.toString()), 2, "--plot", "is a file, not a folder");
        assertOneLineError(run("train", "--input", f.toString(), "--out", "m.zip", "--checkpoints", file.toString()),
                2, "--checkpoints", "is a file");
        // review: --window was ignored in silence with the predictive objective
        assertOneLineError(run("train", "--input", f.toString(), "--out", "m.zip", "--window", "5"), 2,
                "--window sets the contrastive objective's window");
        // review: the model and the checkpoint were written to one file
        assertOneLineError(run("train", "--input", f.toString(), "--out", shared.resolve("ck/checkpoint-best.zip").toString(),
                "--checkpoints", shared.resolve("ck").toString()), 2, "--out", "another of its outputs");
        assertOneLineError(run("train", "--input", f.toString(), "--out", file.resolve("m.zip").toString()), 1,
                "cannot write --out", "a file stands where a folder is needed");
        String longName = "x".repeat(300) + ".csv";
        assertOneLineError(run("detect", f.toString(), "--out", shared.resolve(longName).toString()), 2,
                "longer than 255 bytes");
        assertFalse(Files.exists(Path.of("m.zip")));
    }

    @Test
    void missingOutputFoldersAreCreatedAndTheFileAppearsWhole() throws IOException {
        Path out = shared.resolve("new/sub/picks.csv");
        assertEquals(out, Outputs.file("--out", out, List.of(data), false));
        assertTrue(Files.isDirectory(out.getParent()));
        Outputs.writeString("--out", out, "a,b\n");
        assertEquals("a,b\n", Files.readString(out));
        try (var list = Files.list(out.getParent())) {
            assertEquals(List.of("picks.csv"), list.map(p -> p.getFileName().toString()).toList(),
                    "no temporary or check file left");
        }
    }

    /**
     * Regression (review): {@code detect --out events.xml} without {@code --format} wrote CSV into a
     * file named as QuakeML. The format follows the name now, and a name that contradicts
     * {@code --format} is refused before the work.
     */
    @Test
    void theOutputFormatFollowsTheFileNameAndAContradictionIsRefused() throws IOException {
        Path xml = shared.resolve("named/events.xml");
        Run r = run("detect", data.toString(), "--out", xml.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(xml).startsWith("<?xml"), "QuakeML in events.xml");
        Path json = shared.resolve("named/events.JSON");
        assertEquals(0, run("detect", data.toString(), "--out", json.toString()).status());
        assertTrue(Files.readString(json).startsWith("{"), "JSON in events.JSON");
        Path other = shared.resolve("named/events.txt");
        assertEquals(0, run("detect", data.toString(), "--out", other.toString()).status());
        assertTrue(Files.readString(other).startsWith("# seisclr detect"), "CSV for another name");
        Path clash = shared.resolve("named/clash.xml");
        assertOneLineError(run("detect", data.toString(), "--format", "csv", "--out", clash.toString()), 2,
                "names a quakeml file but --format is csv");
        assertFalse(Files.exists(clash));
        assertOneLineError(run("stream", "--replay", data.toString(), "--format", "json", "--out",
                shared.resolve("named/s.csv").toString()), 2, "names a csv file but --format is json");
        assertOneLineError(run("detect", data.toString(), "--out", "/"), 2, "/"); // no file name: refused as a folder
        // regression (black-box review): a .qml name was QuakeML, --format qml refused
        assertEquals(Writers.Format.QUAKEML, DetectCommand.format("qml", shared.resolve("named/events.qml")));
        assertEquals(Writers.Format.QUAKEML, DetectCommand.parseFormat("QML"));
        // SeisComP XML, for scdispatch and scautoloc: by --format or by the name SeisComP gives it
        Path scml = shared.resolve("named/picks.scml");
        assertEquals(0, run("detect", data.toString(), "--out", scml.toString()).status());
        assertTrue(Files.readString(scml).contains("<seiscomp xmlns=\"http://geofon.gfz-potsdam.de/ns/seiscomp3-schema/0.13\""
                + " version=\"0.13\"><EventParameters"), "SC3ML in picks.scml");
        assertEquals(Writers.Format.SC3ML, DetectCommand.format("sc3ml", shared.resolve("named/picks.sc3ml")));
        assertEquals(Writers.Format.SC3ML, DetectCommand.format("scml", null));
        assertOneLineError(run("detect", data.toString(), "--format", "sc3ml", "--out", clash.toString()), 2,
                "names a quakeml file but --format is sc3ml");
    }

    /** Review: a SeedLink host that does not resolve is a usage error said before --out is touched. */
    @Test
    void aSeedLinkHostThatDoesNotResolveIsRefusedBeforeTheOutput() throws IOException {
        Path out = shared.resolve("named/never.csv");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "kept\n");
        assertOneLineError(run("stream", "--seedlink", "nosuchhost.invalid:18000", "--stations", "XX_SYN01",
                "--out", out.toString()), 2, "--seedlink nosuchhost.invalid:18000: no such host");
        assertEquals("kept\n", Files.readString(out));
    }

    /** A read-only folder (only testable as a user other than root, who may write anywhere). */
    @Test
    void aReadOnlyFolderIsReportedBeforeTheWork() throws IOException {
        Path ro = Files.createDirectories(shared.resolve("ro"));
        assertTrue(ro.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro), "running as root: permissions not enforced");
            assertOneLineError(run("detect", data.toString(), "--out", ro.resolve("x.csv").toString()), 1,
                    "cannot write --out", "permission denied");
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    /** Regression: a non-ASCII --out under LC_ALL=C gave InvalidPathException; a NUL takes the same path here. */
    @Test
    void aNameTheFileSystemCannotHoldIsAUsageError() {
        Run r = run("detect", data.toString(), "--out", "bad\0name.csv");
        assertOneLineError(r, 2, "cannot be a file name here");
    }

    /** Regression: --threshold-off above --threshold was silently clamped. */
    @Test
    void triggerOffAboveTriggerOnIsRefused() {
        assertOneLineError(run("detect", data.toString(), "--threshold", "4", "--threshold-off", "6"), 2,
                "--threshold-off (6.0) must not exceed --threshold (4.0)");
    }

    @Test
    void unknownOptionsAndBadValuesAreUsageErrorsWithAHint() {
        Run r = run("detect", data.toString(), "--treshold", "4");
        assertOneLineError(r, 2, "--treshold");
        assertOneLineError(run("detect", data.toString(), "--format", "xls"), 2,
                "--format must be csv, json, quakeml (or xml or qml, the same) or sc3ml");
        Run bad = run("detect", data.toString(), "--threshold", "abc");
        assertOneLineError(bad, 2, "--threshold", "abc");
        assertTrue(bad.err().contains("--help"), bad.err());
    }

    /**
     * Regression: a value out of the library's range was exit status 1 and named the library's
     * setting ({@code thresholdOn must be above 0}, {@code epochs must be 1 to 10000}), not the option;
     * synth made its output folder before refusing, evaluate refused --trim only after training.
     */
    @Test
    void valuesOutOfRangeAreUsageErrorsNamingTheOption() throws IOException {
        assertOneLineError(run("detect", data.toString(), "--threshold", "-3"), 2, "--threshold must be above 0");
        assertOneLineError(run("detect", data.toString(), "--threshold", "NaN"), 2, "--threshold must be above 0");
        assertOneLineError(run("detect", data.toString(), "--trim", "0.99"), 2, "--trim must be 0 to 0.5, got 0.99");
        assertOneLineError(run("stream", "--replay", data.toString(), "--threshold", "0"), 2, "--threshold must be above 0");
        assertOneLineError(run("stream", "--replay", data.toString(), "--threshold-off", "7"), 2,
                "--threshold-off (7.0) must not exceed --threshold (5.0)");
        assertOneLineError(run("stream", "--replay", data.toString(), "--trim", "0.99"), 2, "--trim must be 0 to 0.5, got 0.99");
        assertOneLineError(run("stream", "--replay", data.toString(), "--from", "2024-01-01"), 2,
                "--from is for --seedlink");
        assertOneLineError(run("stream", "--seedlink", "localhost:1", "--stations", "XX_SYN01", "--from", "yesterday"),
                2, "--from must be a day (2024-01-31) or a UTC time");
        assertOneLineError(run("stream", "--seedlink", "localhost:1", "--stations", "XX_SYN01", "--from", "2999-01-01"),
                2, "--from 2999-01-01 is in the future");
        // regression (review): an option of several values took a mistyped option for one of its values
        // ("--theshold: no such file or folder", exit 1)
        assertOneLineError(run("stream", "--replay", data.toString(), "--theshold", "6"), 2, "Unknown option: '--theshold'");
        assertOneLineError(run("train", "--input", data.toString(), "--bogus", "--out", shared.resolve("never.zip").toString()),
                2, "Unknown option: '--bogus'");
        assertOneLineError(run("stream", "--seedlink", "localhost:1", "--stations", "XX_SYN01", "--bogus"), 2,
                "Unknown option: '--bogus'");
        // ... and only there: a value elsewhere may start with '-' (review: a negative magnitude was refused)
        Run negative = run("synth", "--out", shared.resolve("synth-negative").toString(), "--hours", "0.1", "--stations", "1",
                "--magnitudes", "-0.5,1");
        assertEquals(0, negative.status(), negative.err());
        // regression: these said "--calibration-minutes (in seconds) must be at least 60, got 30.0"
        assertOneLineError(run("stream", "--replay", data.toString(), "--calibration-minutes", "0.5"), 2,
                "--calibration-minutes must be at least 1, got 0.5");
        assertOneLineError(run("stream", "--replay", data.toString(), "--adaptation-hours", "-1"), 2,
                "--adaptation-hours must be 0 (off) or positive, got -1.0");
        // review (an embedder): a component whose telemetry lags more than 60 s made the station restart every
        // few seconds, and only Java could wait longer
        assertOneLineError(run("stream", "--replay", data.toString(), "--silence-seconds", "0.5"), 2,
                "--silence-seconds must be at least 1.0 and finite, got 0.5");
        // regression: --repeat 0 printed a throughput from 1.8e308 s; --hours 0 failed with exit 1
        assertOneLineError(run("bench", "--repeat", "0"), 2, "--repeat must be 1 to 1000 timed runs, got 0");
        assertOneLineError(run("bench", "--what", "stream", "--hours", "0"), 2, "--hours must be 0.1");
        // regression: an option the measurement does not read was ignored in silence
        assertOneLineError(run("bench", "--what", "signal", "--file", data.toString()), 2,
                "--file is read by --what io, not by --what signal (which filters a generated station-day)");
        assertOneLineError(run("bench", "--what", "io", "--model", "m.zip"), 2,
                "--model is read by --what model or stream, not by --what io");
        assertOneLineError(run("bench", "--what", "stream", "--repeat", "3"), 2,
                "--repeat is read by --what io, signal or model, not by --what stream");
        assertOneLineError(run("bench", "--hours", "2"), 2, "--hours is read by --what stream, not by --what io");
        Path model = shared.resolve("never.zip");
        assertOneLineError(run("train", "--input", data.toString(), "--out", model.toString(), "--epochs", "0"), 2,
                "--epochs must be 1 to 10000, got 0");
        assertOneLineError(run("train", "--input", data.toString(), "--out", model.toString(), "--band", "1,80"), 2,
                "the high corner of --band (80.0) must be below Nyquist");
        Path checkpoints = shared.resolve("never-checkpoints");
        assertOneLineError(run("train", "--input", data.toString(), "--out", model.toString(), "--checkpoints",
                checkpoints.toString(), "--transient-negatives", "1"), 2,
                "--transient-negatives (1.0) apply to the contrastive objective only");
        assertFalse(Files.exists(model));
        assertFalse(Files.exists(checkpoints), "refused before any folder is made");
        Path report = shared.resolve("never-evaluated");
        assertOneLineError(run("evaluate", "--data", data.toString(), "--out", report.toString(), "--trim", "0.9"), 2,
                "--trim must be 0 to 0.5");
        assertOneLineError(run("evaluate", "--data", data.toString(), "--out", report.toString(), "--batches", "0"), 2,
                "--batches must be 1 to 1000000");
        // regression: -1 crashed in the plotting, NaN gave a report "within NaN s"
        for (String tol : new String[] {"-1", "0", "NaN", "1e9"}) {
            assertOneLineError(run("evaluate", "--data", data.toString(), "--out", report.toString(), "--model",
                    "models/seisclr-default-v1.zip", "--tolerance", tol), 2, "--tolerance must be above 0 s");
        }
        assertFalse(Files.exists(report));
        // with --model nothing is trained here: training options are refused, not ignored (regression, review)
        for (String[] o : new String[][] {{"--epochs", "0"}, {"--batches", "3"}, {"--train-on", data.toString()}}) {
            assertOneLineError(run("evaluate", "--data", data.toString(), "--out", report.toString(), "--model",
                    "models/seisclr-default-v1.zip", o[0], o[1]), 2, o[0] + " sets the training done when no --model");
        }
        Run given = run("evaluate", "--data", data.toString(), "--out", report.toString(), "--model",
                "models/seisclr-default-v1.zip");
        assertEquals(1, given.status(), given.err());
        assertTrue(given.err().contains("picks"), given.err());
        Path synth = shared.resolve("never-synth");
        assertOneLineError(run("synth", "--out", synth.toString(), "--hours", "0"), 2,
                "--hours must be 1/60 to 168 (1 minute to 7 days), got 0.0");
        assertOneLineError(run("synth", "--out", synth.toString(), "--stations", "99"), 2, "--stations must be 1 to 50");
        assertOneLineError(run("synth", "--out", synth.toString(), "--noise", "0.5,2"), 2, "--noise must satisfy");
        assertOneLineError(run("synth", "--out", synth.toString(), "--noise-wander", "30"), 2,
                "--noise-wander must be 0 to 20 dB");
        assertOneLineError(run("synth", "--out", synth.toString(), "--transients-per-hour", "-1"), 2,
                "--transients-per-hour must be 0 to 120");
        assertOneLineError(run("synth", "--out", synth.toString(), "--record-length", "1000"), 2,
                "--record-length must be a power of two from 256 to 65536, got 1000");
        assertFalse(Files.exists(synth));
        // review (2026-12-07): synth wrote 4096-byte records only, which a SeedLink server cannot send
        Path small = shared.resolve("synth-512");
        assertEquals(0, run("synth", "--out", small.toString(), "--hours", "0.05", "--stations", "1", "--record-length",
                "512").status());
        byte[] b = Files.readAllBytes(small.resolve("XX.SYN01.mseed"));
        assertEquals(0, b.length % 512);
        assertEquals(1, new io.github.seisclr.io.MiniSeedReader(io.github.seisclr.io.ReadOptions.defaults())
                .records(java.util.Arrays.copyOf(b, 512), 512, "first").size(), "the first 512 bytes are a whole record");
    }

    @Test
    void badInputIsExitStatusOneAndDebugShowsTheStackTrace() throws IOException {
        Path broken = shared.resolve("broken.mseed");
        byte[] b = Files.readAllBytes(data.resolve("XX.SYN01.mseed"));
        Files.write(broken, java.util.Arrays.copyOf(b, 4096 + 100));
        Run r = run("detect", broken.toString());
        assertOneLineError(r, 1, "broken.mseed");
        Run debug = run("detect", broken.toString(), "--debug");
        assertEquals(1, debug.status());
        assertTrue(debug.err().contains("\tat io.github.seisclr"), debug.err());
    }

    /**
     * Regression (black-box review): a file named {@code "x\n1,2,3.mseed"} gave a CSV whose second
     * line, {@code 1,2,3.mseed (seisclr ...}, stood uncommented above the header, and a damaged file
     * named with a line feed and an ESC gave an error over two lines with the raw escape sent to the
     * terminal. Both now show the name escaped, Java-style, on its one line.
     */
    @Test
    void controlCharactersInFileNamesAreEscapedInTheCsvAndTheError() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("odd-names"));
        Path odd = dir.resolve("x\n1,2,3.mseed");
        Files.copy(data.resolve("XX.SYN01.mseed"), odd);
        Path out = shared.resolve("odd-names.csv");
        Run r = run("detect", odd.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<String> csv = Files.readAllLines(out);
        assertTrue(csv.get(0).startsWith("# seisclr detect " + dir + "/x\\n1,2,3.mseed (seisclr "), csv.get(0));
        assertEquals(Writers.CSV_HEADER, csv.stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow());
        Path bad = dir.resolve("bad\nname\u001b[31m.mseed");
        byte[] b = Files.readAllBytes(data.resolve("XX.SYN01.mseed"));
        Files.write(bad, java.util.Arrays.copyOf(b, 4096 + 100));
        Run e = run("detect", bad.toString());
        assertOneLineError(e, 1, dir + "/bad\\nname\\u001b[31m.mseed");
        assertEquals(1, e.err().lines().count(), e.err());
        assertFalse(e.err().contains("\u001b"), "no raw ESC: " + e.err());
    }

    /** Regression: a file of text (log) records only gave "0 station(s)" and exit status 0, like a quiet day. */
    @Test
    void inputWithoutWaveformSamplesIsAnError() throws IOException {
        byte[] b = Files.readAllBytes(data.resolve("XX.SYN01.mseed"));
        byte[] log = java.util.Arrays.copyOf(b, 1 << b[54]); // the first record (blockette 1000's length)
        log[52] = 0; // its encoding: text
        Path f = shared.resolve("log-only.mseed");
        Files.write(f, log);
        assertOneLineError(run("detect", f.toString()), 1, "log-only.mseed", "no waveform samples", "text (log) record");
        assertOneLineError(run("stream", "--replay", f.toString()), 1, "log-only.mseed", "no waveform samples to replay");
    }

    /**
     * Regression: one damaged byte in the first record's header of a file in an input folder made the
     * whole file "not miniSEED", skipped with exit 0 (an hour of a station gone), while the same
     * damage in the second record was an error. A file named as miniSEED is now read and refused by
     * name (one that neither is nor is named miniSEED is still skipped and listed: data-samples'
     * README.md in the other tests).
     */
    @Test
    void aDamagedFirstHeaderInAFolderIsAnErrorNotASkip() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("damaged-first-header"));
        byte[] b = Files.readAllBytes(data.resolve("XX.SYN01.mseed"));
        b[6] = 'X';
        Files.write(dir.resolve("XX.SYN01.mseed"), b);
        assertOneLineError(run("detect", dir.toString()), 1, "XX.SYN01.mseed");
        Files.delete(dir.resolve("XX.SYN01.mseed"));
        Files.write(dir.resolve("XX.SYN01.00.HHZ.D.2024.001"), b);
        assertOneLineError(run("detect", dir.toString()), 1, "XX.SYN01.00.HHZ.D.2024.001");
    }

    /**
     * Review (2026-12-06): one damaged file stopped a run over a folder and nothing was written. It
     * still does by default, with an error that says how to go on; {@code --skip-damaged} reads the
     * file up to the damage (review, 2026-12-07: it was left out whole, its sound records too), names
     * it with what was read and what left out, and detects as in the file's sound records.
     */
    @Test
    void aDamagedFileIsReadUpToTheDamageWhereAsked() throws IOException {
        Path dir = oneDamaged("one-damaged");
        assertOneLineError(run("detect", dir.toString()), 1, "XX.SYN01.mseed at byte 20480", "cut short",
                "--skip-damaged");
        Path out = shared.resolve("one-damaged.csv");
        Run r = run("detect", dir.toString(), "--skip-damaged", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.contains("XX.SYN01.mseed at byte 20480")
                && l.contains("; left out: bytes 20480 to the end (100 of the file's 20580 bytes); its 5 sound data"
                + " record(s) read")), r.err());
        assertTrue(r.err().contains("1 file(s) not read, or not read whole"), r.err());
        Path sound = soundPart(dir, "one-damaged-sound");
        Path alone = shared.resolve("one-damaged-alone.csv");
        assertEquals(0, run("detect", sound.toString(), "--out", alone.toString()).status());
        List<String> rows = Files.readAllLines(out).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(Files.readAllLines(alone).stream().filter(l -> !l.startsWith("#")).toList(), rows);
        assertTrue(rows.stream().anyMatch(l -> l.startsWith("SYN01-")), "SYN01's sound records scored: " + rows);
        assertTrue(rows.size() > 5, "SYN02's detections: " + rows);
        assertTrue(Files.readString(out).lines().findFirst().orElseThrow().contains(" --skip-damaged"),
                Files.readString(out));
    }

    /**
     * Review (2026-12-06): {@code stream --replay} took no {@code --skip-damaged}, so one damaged file
     * stopped a replay of a folder. Now it leaves the damaged part out as {@code detect} does (the rows
     * are those of the good file and the damaged one's sound records replayed); a live feed refuses
     * the option.
     */
    @Test
    void aReplayLeavesOutADamagedPartWhereAsked() throws IOException {
        Path dir = oneDamaged("replay-damaged");
        assertOneLineError(run("stream", "--replay", dir.toString()), 1, "XX.SYN01.mseed at byte 20480", "cut short",
                "--skip-damaged leaves the damaged records out");
        Path out = shared.resolve("replay-damaged.csv");
        Run r = run("stream", "--replay", dir.toString(), "--skip-damaged", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.contains("XX.SYN01.mseed at byte 20480") && l.contains("left out")),
                r.err());
        Path alone = shared.resolve("replay-damaged-alone.csv");
        assertEquals(0, run("stream", "--replay", soundPart(dir, "replay-damaged-sound").toString(), "--out",
                alone.toString()).status());
        List<String> rows = Files.readAllLines(out).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(Files.readAllLines(alone).stream().filter(l -> !l.startsWith("#")).toList(), rows);
        assertTrue(rows.size() > 5, "SYN02's detections: " + rows);
        assertTrue(Files.readString(out).startsWith("# seisclr stream --replay " + dir
                + " --skip-damaged (seisclr "), Files.readString(out));
        assertOneLineError(run("stream", "--seedlink", "localhost:1", "--stations", "XX_SYN01", "--skip-damaged"), 2,
                "are for --replay");
    }

    /**
     * Review (2026-12-07): a replay of two copies of a channel that disagree went through (the stream
     * trims overlaps, as it must for a live feed), splicing two recordings, where {@code detect}
     * refuses them. The replay reads its files as {@code detect} does and refuses them too.
     */
    @Test
    void aReplayRefusesTwoCopiesThatDisagreeAsDetectDoes() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("replay-two-copies"));
        Files.copy(data.resolve("XX.SYN01.mseed"), dir.resolve("a.mseed"));
        io.github.seisclr.io.Trace z = io.github.seisclr.io.Waveforms.read(data.resolve("XX.SYN01.mseed")).traces()
                .stream().filter(t -> t.id().channel().equals("HHZ")).findFirst().orElseThrow();
        double[] other = z.samples();
        other[100] += 1; // one sample differs
        io.github.seisclr.io.Waveforms.write(List.of(io.github.seisclr.io.Trace.of(z.id(), z.start(), z.sampleRate(),
                other, z.sampleType())), dir.resolve("b.mseed"));
        Run detect = run("detect", dir.toString()); // its progress bar comes first
        assertEquals(1, detect.status(), detect.err());
        assertTrue(detect.err().contains("seisclr: error: ") && detect.err().contains("remove one of the two copies"),
                detect.err());
        Path out = shared.resolve("replay-two-copies.csv");
        assertOneLineError(run("stream", "--replay", dir.toString(), "--out", out.toString()), 1,
                "remove one of the two copies");
        assertFalse(Files.exists(out), "a refused replay writes nothing");
    }

    /**
     * Review (2026-12-06): {@code detect --sds --skip-damaged} over a range whose day files were all
     * damaged ended with status 0 and an empty catalogue, which reads as a quiet range; and where
     * only some were, its summary did not list them. Now the first is an error that says why, and
     * the second lists the files left out.
     */
    @Test
    void anArchiveRunSaysWhichDayFilesItLeftOut() throws IOException {
        Path sds = shared.resolve("sds-damaged");
        assertEquals(0, run("synth", "--sds", "--out", sds.toString(), "--hours", "2", "--stations", "1",
                "--start", "2024-01-01T23:00:00Z").status());
        List<Path> dayTwo = new java.util.ArrayList<>();
        try (var files = Files.walk(sds)) {
            files.filter(f -> f.getFileName().toString().endsWith(".2024.002")).forEach(dayTwo::add);
        }
        assertEquals(3, dayTwo.size(), dayTwo.toString());
        for (Path f : dayTwo) {
            byte[] b = Files.readAllBytes(f);
            Files.write(f, java.util.Arrays.copyOf(b, 300)); // cut inside its first record: nothing of it to read
        }
        Run some = run("detect", "--sds", sds.toString(), "--skip-damaged", "--out",
                shared.resolve("sds-damaged.csv").toString());
        assertEquals(0, some.status(), some.err());
        assertTrue(some.err().lines().anyMatch(l -> l.startsWith("3 day file(s) left out as damaged")
                && l.contains("XX.SYN01.00.HHZ.D.2024.002")), some.err());
        Run none = run("detect", "--sds", sds.toString(), "--skip-damaged", "--from", "2024-01-02", "--to",
                "2024-01-02");
        assertEquals(1, none.status(), none.err());
        String last = none.err().strip().lines().reduce((x, y) -> y).orElseThrow();
        assertTrue(last.startsWith("seisclr: error: ") && last.contains("was scored, and 3 day file(s) read for it were left out as"
                + " damaged"), none.err());
        assertFalse(none.err().contains("\tat "), none.err());
    }

    /**
     * Review (a new user, 2026-12-07): the main job's summary called the bundled README and truth
     * table "not read, or not read whole (not miniSEED, unreadable, or left out as damaged ...)".
     * Files that are not miniSEED are named apart; faults keep their warning.
     */
    @Test
    void filesThatAreNotMiniSeedAreNamedApartFromDamagedOnes() {
        assertEquals(List.of("2 file(s) in the input folder(s) are not miniSEED, left aside: data-samples/README.md,"
                + " data-samples/truth.csv"), DetectCommand.skippedLines(List.of("data-samples/README.md: not miniSEED",
                "data-samples/truth.csv: not miniSEED")));
        List<String> both = DetectCommand.skippedLines(List.of("d/x.gz: not miniSEED (gzip-compressed: gunzip it first)",
                "d/a.mseed at byte 0: not miniSEED: the first bytes are ...; left out whole (ReadOptions.skipDamagedFiles,"
                        + " --skip-damaged)", "d/b.mseed: cannot read (permission denied)"));
        assertEquals(2, both.size(), both.toString());
        assertEquals("1 file(s) in the input folder(s) are not miniSEED, left aside: d/x.gz", both.get(0));
        assertTrue(both.get(1).startsWith("2 file(s) not read, or not read whole (unreadable, or left out as damaged,"
                + " whole or in part; `seisclr info` lists them all): d/a.mseed at byte 0: not miniSEED: the first"), both.get(1));
        assertEquals(List.of(), DetectCommand.skippedLines(List.of()));
    }

    /**
     * Review (a new user): the bundled model on a quiet vertical-only station gave 39 detections in
     * 2.6 h, 31 under an SNR of 2, without a word. A station with ten or more detections, most of
     * them that weak (or without an SNR), is named; one with fewer, or mostly clear ones, is not.
     */
    @Test
    void aStationOfMostlyWeakDetectionsIsNamed() {
        java.util.function.BiFunction<String, double[], List<io.github.seisclr.detect.Detection>> make = (sta, snrs) -> {
            List<io.github.seisclr.detect.Detection> out = new java.util.ArrayList<>();
            java.time.Instant t = java.time.Instant.parse("2024-01-01T00:00:00Z");
            for (int i = 0; i < snrs.length; i++) {
                java.time.Instant s = t.plusSeconds(60L * i);
                out.add(new io.github.seisclr.detect.Detection(sta + "-" + i, sta, s, s.plusSeconds(10), s, 6, snrs[i], 5, "m"));
            }
            return out;
        };
        List<io.github.seisclr.detect.Detection> ds = new java.util.ArrayList<>();
        ds.addAll(make.apply("BW.KW1..EH", new double[] {1.2, 1.5, 1.7, 1.9, Double.NaN, 1.1, 1.6, 3.0, 4.0, 5.0, 1.8}));
        ds.addAll(make.apply("CX.PB01..HH", new double[] {1.2, 1.5, 1.7, 1.9, 1.1, 9, 9, 9, 9, 9, 9}));
        ds.addAll(make.apply("XX.FEW..HH", new double[] {1.2, 1.5, 1.7}));
        List<String> lines = DetectCommand.weakStations(ds, List.of("CX.PB01..HH"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("note: BW.KW1..EH: 8 of its 11 detections have an SNR under 2 (median 1.8):"
                + " many may be noise rather than events"), lines.get(0));
        assertTrue(lines.get(0).contains("or train a model on its own recordings"), lines.get(0));
        assertEquals(List.of(), DetectCommand.weakStations(make.apply("XX.QUIET..HH", new double[] {1.5, 1.5, 1.5, 1.5,
                1.5, 1.5, 1.5, 1.5, 1.5}).subList(0, 9), List.of()));
        // review (2026-12-08): a model trained on the station is not sent back to training on it
        List<String> own = DetectCommand.weakStations(ds, List.of("BW.KW1..EH"));
        assertTrue(own.get(0).contains("the model was trained on its recordings: raise --threshold for it")
                && !own.get(0).contains("train a model"), own.get(0));
    }

    /** @return a folder with {@link #oneDamaged}'s files as {@code --skip-damaged} reads them: XX.SYN01's five sound records */
    private static Path soundPart(Path damaged, String name) throws IOException {
        Path dir = Files.createDirectories(shared.resolve(name));
        Files.copy(damaged.resolve("XX.SYN02.mseed"), dir.resolve("XX.SYN02.mseed"));
        Files.write(dir.resolve("XX.SYN01.mseed"), java.util.Arrays.copyOf(Files.readAllBytes(
                damaged.resolve("XX.SYN01.mseed")), 5 * 4096));
        return dir;
    }

    /** @return a folder with the bundled XX.SYN02 and XX.SYN01 cut inside its sixth record (at byte 20480) */
    private static Path oneDamaged(String name) throws IOException {
        Path dir = Files.createDirectories(shared.resolve(name));
        Files.copy(Path.of("data-samples", "XX.SYN02.mseed"), dir.resolve("XX.SYN02.mseed"));
        byte[] b = Files.readAllBytes(data.resolve("XX.SYN01.mseed"));
        Files.write(dir.resolve("XX.SYN01.mseed"), java.util.Arrays.copyOf(b, 5 * 4096 + 100));
        return dir;
    }

    /**
     * The bundled sample with one bit of its third record (4096 bytes each, data from byte 64) flipped
     * in the reverse integration constant: its Steim check fails, its samples decode as written.
     */
    private static byte[] damagedSteim() throws IOException {
        byte[] b = Files.readAllBytes(data.resolve("XX.SYN01.mseed"));
        b[2 * 4096 + 64 + 11] ^= 1;
        return b;
    }

    /**
     * A damaged Steim record stops a command by default, with an error that says how to read it
     * anyway on the command line (it named only a library option); {@code --no-steim-check} reads it,
     * with a warning naming it. Review: one damaged record stopped {@code detect --sds}.
     */
    @Test
    void aDamagedSteimRecordIsReadWhereAskedWithAWarning() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("damaged-steim"));
        Path f = dir.resolve("XX.SYN01.mseed");
        Files.write(f, damagedSteim());
        assertOneLineError(run("detect", f.toString()), 1, "XX.SYN01.mseed", "at byte 8192", "integrity check failed",
                "--no-steim-check");
        Path out = shared.resolve("damaged-steim.csv");
        Run r = run("detect", f.toString(), "--no-steim-check", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("at byte 8192") && l.contains("read anyway")).count(),
                r.err());
        assertTrue(Files.readString(out).lines().anyMatch(l -> l.startsWith("SYN01-1,")), "detections written");
        // and the output's header says how it was read
        assertTrue(Files.readString(out).lines().findFirst().orElseThrow().contains(" --no-steim-check "),
                Files.readString(out));
    }

    /**
     * {@code train} reads damaged Steim data where asked, as {@code detect} does (review: it read
     * with the check on, so a station's archive with one damaged record could not be trained on),
     * whether the input is read at once or a file at a time ({@code --stream}).
     */
    @Test
    void trainReadsADamagedSteimRecordWhereAsked() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("damaged-steim-train"));
        Path f = dir.resolve("XX.SYN01.mseed");
        Files.write(f, damagedSteim());
        Path model = shared.resolve("damaged-steim-model.zip");
        String[] small = {"--epochs", "1", "--batches", "1", "--batch-size", "8"};
        for (String[] how : List.of(new String[0], new String[] {"--stream"})) {
            List<String> args = new java.util.ArrayList<>(List.of("train", "--input", f.toString(), "--out", model.toString()));
            args.addAll(List.of(small));
            args.addAll(List.of(how));
            assertOneLineError(run(args.toArray(new String[0])), 1, "XX.SYN01.mseed", "at byte 8192", "--no-steim-check");
            args.add("--no-steim-check");
            Run r = run(args.toArray(new String[0]));
            assertEquals(0, r.status(), List.of(how) + ": " + r.err());
            assertTrue(Files.size(model) > 0, "model written");
            Files.delete(model);
        }
    }

    /**
     * {@code info} on a folder lists every file it cannot read, not only the first (review: it
     * stopped at the first damaged file of a folder).
     */
    @Test
    void infoListsEveryFileItCannotRead() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("two-damaged"));
        Files.write(dir.resolve("a.mseed"), damagedSteim());
        Files.copy(Path.of("data-samples", "XX.SYN02.mseed"), dir.resolve("b.mseed"));
        byte[] c = Files.readAllBytes(dir.resolve("b.mseed"));
        c[5 * 4096 + 6] = 'X'; // a damaged header further in
        Files.write(dir.resolve("c.mseed"), c);
        Files.delete(dir.resolve("b.mseed"));
        Run r = run("info", dir.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().startsWith("seisclr: error: 2 files cannot be read:"), r.err());
        assertTrue(r.err().contains("a.mseed at byte 8192") && r.err().contains("c.mseed at byte 20480"), r.err());
    }

    /** Regression: an unreadable entry in an input folder stopped the run with AccessDeniedException. */
    @Test
    void unreadableEntriesInAFolderAreSkippedAndListed() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("with-broken-link"));
        Files.copy(data.resolve("XX.SYN01.mseed"), dir.resolve("XX.SYN01.mseed"));
        Files.createSymbolicLink(dir.resolve("gone.mseed"), shared.resolve("does-not-exist.mseed"));
        Path noread = Files.createDirectories(dir.resolve("noread"));
        Files.copy(data.resolve("XX.SYN01.mseed"), noread.resolve("hidden-from-us.mseed"));
        noread.toFile().setReadable(false, false);
        noread.toFile().setExecutable(false, false);
        try {
            var set = io.github.seisclr.io.Waveforms.read(dir);
            // root reads the folder anyway: then its file is read too
            assertEquals(Files.isReadable(noread) ? 2 : 1, set.sources().size(), set.sources().toString());
            assertTrue(set.skippedFiles().stream().anyMatch(s -> s.contains("gone.mseed") && s.contains("cannot read")),
                    set.skippedFiles().toString());
            if (!Files.isReadable(noread)) { // enforced for users other than root
                assertTrue(set.skippedFiles().stream().anyMatch(s -> s.contains("noread") && s.contains("permission denied")),
                        set.skippedFiles().toString());
            }
        } finally {
            noread.toFile().setReadable(true, false);
            noread.toFile().setExecutable(true, false);
        }
    }

    /** Regression: {@code synth --rate 33.3} wrote a file that {@code detect} refused ("cannot resample 33.3001 Hz"). */
    @Test
    void whatSynthWritesDetectReads() throws IOException {
        Path out = shared.resolve("synth-33");
        assertEquals(0, run("synth", "--out", out.toString(), "--hours", "0.25", "--stations", "1", "--rate", "33.3",
                "--seed", "5").status());
        Run r = run("detect", out.toString(), "--out", shared.resolve("synth-33.csv").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(shared.resolve("synth-33.csv")).startsWith("#"), "a CSV with its header");
        // below what any model can use: refused by synth itself, not written
        assertOneLineError(run("synth", "--out", shared.resolve("synth-1").toString(), "--rate", "1"), 2,
                "--rate must be 5 to 1000 Hz");
        assertFalse(Files.exists(shared.resolve("synth-1")));
    }

    /**
     * Regression (review): the documentation sends a user to the log for triggers dropped as later
     * phases, but only {@code info} took {@code --verbose} ("Unknown option" elsewhere). It is taken
     * anywhere on the line now, as {@code --debug} is, and info keeps it.
     */
    @Test
    void verboseIsTakenByEveryCommand() {
        Run r = run("detect", data.toString(), "--verbose", "--out", shared.resolve("verbose.csv").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(0, run("info", data.toString(), "--verbose").status());
        assertEquals(0, run("detect", "--verbose", data.toString(), "--verbose", "--out",
                shared.resolve("verbose2.csv").toString()).status());
    }

    /** Regression (review): an empty folder was named as a Java list ("[dir]"), a missing file in parentheses. */
    @Test
    void emptyFoldersAndMissingFilesAreNamedAsGiven() throws IOException {
        Path empty = Files.createDirectories(shared.resolve("empty-folder"));
        assertOneLineError(run("info", empty.toString()), 1, empty + ": no miniSEED file found");
        assertOneLineError(run("evaluate", "--data", shared.resolve("no-such-folder").toString(), "--out",
                shared.resolve("ev-none").toString()), 1, shared.resolve("no-such-folder") + ": --data: no such folder");
        Path none = shared.resolve("no-such.mseed");
        assertOneLineError(run("bench", "--what", "io", "--file", none.toString()), 1, none + ": no such file or folder");
    }

    /** Regression (review): synth --start took only a full time, and said so with a Java exception's text. */
    @Test
    void synthStartTakesADayAndSaysPlainlyWhatItTakes() {
        Path out = shared.resolve("synth-day-start");
        assertEquals(0, run("synth", "--out", out.toString(), "--start", "2024-03-01", "--hours", "0.05", "--stations", "1")
                .status());
        assertEquals(java.time.Instant.parse("2024-03-01T00:00:00Z"), io.github.seisclr.io.Waveforms.read(out)
                .traces().get(0).start());
        assertOneLineError(run("synth", "--out", shared.resolve("synth-bad-start").toString(), "--start", "yesterday"), 2,
                "must be a day (2024-01-31) or a UTC time (2024-01-31T06:00:00Z, or without a zone as UTC), got 'yesterday'");
        assertFalse(run("synth", "--out", shared.resolve("synth-bad-start").toString(), "--start", "yesterday").err()
                .contains("java.time"));
    }

    /** Regression (review): synth into a folder that held its files replaced them without a word. */
    @Test
    void synthSaysWhichFilesItReplaced() {
        Path out = shared.resolve("synth-again");
        String[] args = {"synth", "--out", out.toString(), "--hours", "0.1", "--stations", "1", "--seed", "9"};
        java.io.PrintStream stdout = System.out;
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(first, true, StandardCharsets.UTF_8));
            assertEquals(0, run(args).status());
            System.setOut(new java.io.PrintStream(second, true, StandardCharsets.UTF_8));
            assertEquals(0, run(args).status());
        } finally {
            System.setOut(stdout);
        }
        String said = first.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("wrote " + out.resolve("XX.SYN01.mseed")) && !said.contains("replaced"), said);
        said = second.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("replaced " + out.resolve("XX.SYN01.mseed")), said);
        assertTrue(said.contains("replaced " + out.resolve("truth.csv")), said);
    }

    /** Regression: a linked input folder read as "no miniSEED file found"; a linked subfolder was skipped silently. */
    @Test
    void linkedFoldersAreRead() throws IOException {
        Path top = Files.createDirectories(shared.resolve("linked-top"));
        Files.createSymbolicLink(top.resolve("2024"), data);
        Path link = Files.createSymbolicLink(shared.resolve("link-to-data"), data);
        assertEquals(1, io.github.seisclr.io.Waveforms.read(link).sources().size());
        assertEquals(1, io.github.seisclr.io.Waveforms.read(top).sources().size());
    }

    /**
     * Regression (review): records a stream drops (late or sent twice) were said line by line only;
     * the summary said nothing of them. A file replayed beside its copy sends every record twice.
     */
    @Test
    void aStreamsSummaryCountsTheRecordsItDropped() throws IOException {
        Path copy = Files.createDirectories(shared.resolve("copy-of-syn01"));
        Files.copy(data.resolve("XX.SYN01.mseed"), copy.resolve("XX.SYN01.mseed"), StandardCopyOption.REPLACE_EXISTING);
        long records = new io.github.seisclr.io.MiniSeedReader(io.github.seisclr.io.ReadOptions.defaults())
                .records(List.of(copy.resolve("XX.SYN01.mseed"))).size();
        Run r = run("stream", "--replay", data.resolve("XX.SYN01.mseed").toString(), copy.resolve("XX.SYN01.mseed").toString(),
                "--calibration-minutes", "5");
        assertEquals(0, r.status(), r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("notices: .*?(\\d+) LATE_OR_DUPLICATE").matcher(r.err());
        assertTrue(m.find(), r.err().lines().filter(l -> !l.startsWith("notice: ")).toList().toString());
        assertEquals(r.err().lines().filter(l -> l.startsWith("notice: LATE_OR_DUPLICATE")).count(), Long.parseLong(m.group(1)));
        // each record of the copy comes right after its original's, and is dropped
        assertEquals(records, Long.parseLong(m.group(1)), m.group());
    }

    /** Regression (review): stream --threshold below 2.5 lost its --out file at the end. */
    @Test
    void streamWithALowThresholdWritesItsOutput() throws IOException {
        Path out = shared.resolve("stream-low.csv");
        Run r = run("stream", "--replay", data.resolve("XX.SYN01.mseed").toString(), "--threshold", "2",
                "--calibration-minutes", "5", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        String header = Files.readString(out).lines().findFirst().orElse("");
        assertTrue(header.contains("threshold on 2.00 off 1.00"), "the levels used, in the header: " + header);
        // regression (review): the stream's file said 0.00 station-hours and named the model otherwise than detect
        assertTrue(header.matches(".*; model [0-9a-f]{12}; .*") && !header.contains(" 0.00 station-hours"), header);
    }

    /**
     * Regression (black-box review): "--skip-damaged leaves such a file out" was said after any error
     * of a kind a damaged miniSEED file gives, a picks table's bad time among them, where the option
     * changes nothing. It is said only where the reader would have left the file out.
     */
    @Test
    void theSkipHintIsGivenOnlyWhereSkippingWouldHelp() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("bad-picks"));
        Files.copy(data.resolve("XX.SYN01.mseed"), dir.resolve("XX.SYN01.mseed"));
        Files.writeString(dir.resolve("picks.csv"), "network,station,p_time\nXX,SYN01,notatime\n");
        Run r = run("evaluate", "--data", dir.toString(), "--out", shared.resolve("report-bad-picks").toString());
        assertOneLineError(r, 1, "picks.csv", "notatime");
        // review (2026-12-08): the failed run left the empty report folder it had made
        assertFalse(Files.exists(shared.resolve("report-bad-picks")));
        assertFalse(r.err().contains("--skip-damaged"), r.err());
        assertOneLineError(run("detect", oneDamaged("hinted").toString()), 1, "cut short",
                "--skip-damaged leaves the damaged records out");
    }

    /**
     * Regression (review): picks naming no station of the waveforms crashed evaluate's figures
     * (NoSuchElementException, "please report it"); a report folder inside the data was accepted and
     * filled the input with PNGs; train --out replaced a table with a model.
     */
    @Test
    void evaluateAndTrainKeepTheirOutputsApartFromTheirInputs() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("evaluated"));
        Files.copy(data.resolve("XX.SYN01.mseed"), dir.resolve("XX.SYN01.mseed"));
        Path picks = dir.resolve("picks.csv");
        Files.writeString(picks, "network,station,p_time\nXX,XXX,2024-01-01T00:03:42.68Z\n");
        String model = "models/seisclr-default-v1.zip";
        assertOneLineError(run("evaluate", "--data", dir.toString(), "--model", model, "--out",
                shared.resolve("report-none").toString()), 1, "picks.csv: none of the 1 station(s)", "XXX",
                "held: SYN01");
        assertOneLineError(run("evaluate", "--data", dir.toString(), "--model", model, "--out", dir.toString()), 2,
                "is the input folder");
        assertOneLineError(run("evaluate", "--data", dir.toString(), "--model", model, "--out",
                dir.resolve("sub/..").toString()), 2, "is the input folder");
        assertOneLineError(run("detect", dir.toString(), "--plot", dir.toString()), 2, "--plot", "is the input folder");
        Path table = shared.resolve("table.csv");
        Files.writeString(table, "kept\n");
        assertOneLineError(run("train", "--input", data.toString(), "--epochs", "1", "--out", table.toString()), 2,
                "exists and is not a model file");
        assertEquals("kept\n", Files.readString(table));
    }

    /**
     * Review (2026-12-08, a new user): {@code detect --out station.zip}, typed for {@code --model
     * station.zip}, replaced a trained model with the CSV, and {@code --save-calibrations} with JSON;
     * a model given where data go was "not miniSEED: the first bytes of a zip archive".
     */
    @Test
    void aModelFileIsNeverOverwrittenByATableNorReadAsData() throws IOException {
        Path model = shared.resolve("station.zip");
        Files.copy(Path.of("models/seisclr-default-v1.zip"), model, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] before = Files.readAllBytes(model);
        assertOneLineError(run("detect", data.toString(), "--out", model.toString()), 2, "--out", "station.zip",
                "is a seisclr model file; it would be overwritten");
        assertOneLineError(run("detect", data.toString(), "--save-calibrations", model.toString()), 2,
                "--save-calibrations", "is a seisclr model file; it would be overwritten");
        Path other = shared.resolve("other.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(other))) {
            z.putNextEntry(new java.util.zip.ZipEntry("notes.txt"));
            z.write("kept".getBytes(StandardCharsets.UTF_8));
        }
        assertOneLineError(run("detect", data.toString(), "--out", other.toString()), 2, "is a zip archive; it would"
                + " be overwritten");
        assertOneLineError(run("detect", model.toString(), data.toString()), 1, "station.zip: is a seisclr model file,"
                + " not miniSEED data; give a model with --model");
        assertArrayEquals(before, Files.readAllBytes(model), "the model is as it was");
    }

    /** Regression (review): synth into a folder of an earlier, larger run left its files beside a truth.csv without them, unsaid. */
    @Test
    void synthNamesTheFilesOfAnEarlierRunItDoesNotCover() {
        Path dir = shared.resolve("synth-twice");
        assertEquals(0, run("synth", "--out", dir.toString(), "--stations", "2", "--hours", "0.1").status());
        Run again = run("synth", "--out", dir.toString(), "--stations", "1", "--hours", "0.1");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("also holds XX.SYN02.mseed, not written by this run"), again.err());
        assertTrue(Files.exists(dir.resolve("XX.SYN02.mseed")), "named, never deleted");
    }

    /** Regression (review): with --replay, --stations was ignored and every station replayed. */
    @Test
    void streamReplaysOnlyTheStationsChosen() throws IOException {
        Path out = shared.resolve("stream-one-station.csv");
        // data-samples holds XX.SYN01 and XX.SYN02
        Run r = run("stream", "--replay", "data-samples", "--stations", "XX.SYN01:HH?", "--threshold", "2",
                "--calibration-minutes", "5", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        // the rows past the comment lines (provenance, warnings) and the header
        List<String> rows = Files.readString(out).lines().filter(l -> !l.startsWith("#")).skip(1).toList();
        assertFalse(rows.isEmpty());
        assertTrue(rows.stream().allMatch(l -> l.contains("XX.SYN01.")), rows.toString());
        assertOneLineError(run("stream", "--replay", data.toString(), "--stations", "XX.NOPE"), 1,
                "--stations XX.NOPE: none of the");
    }

    /**
     * Regression (review): a port that is not a number and a selector without NET_ were exit status 1
     * ("For input string") after the model had been loaded; the documented {@code --stations A B}
     * (several after one option) was refused as an unmatched argument, as {@code train --input A B} was.
     */
    @Test
    void streamSeedLinkArgumentsAreCheckedAsUsage() {
        assertOneLineError(run("stream", "--seedlink", "localhost:abc", "--stations", "XX_STA"), 2,
                "--seedlink must be HOST or HOST:PORT with a port from 1 to 65535, got 'localhost:abc'");
        assertOneLineError(run("stream", "--seedlink", "localhost:", "--stations", "XX_STA"), 2,
                "--seedlink must be HOST or HOST:PORT");
        assertEquals(18000, StreamCommand.port("localhost"), "a host alone: SeedLink's conventional port");
        assertEquals(18555, StreamCommand.port("localhost:18555"));
        assertOneLineError(run("stream", "--seedlink", "localhost:18000", "--stations", "XX_STA", "KCT"), 2,
                "--stations: station selector 'KCT' must be NET_STA or NET_STA:SELECT");
        StreamCommand stream = new StreamCommand();
        new picocli.CommandLine(stream).parseArgs("--seedlink", "localhost:18000", "--stations", "NC_KCT:HH?",
                "IU_ANMO:00BH?", "--stations", "GE_WLF");
        assertEquals(List.of("NC_KCT:HH?", "IU_ANMO:00BH?", "GE_WLF"), stream.stations);
        TrainCommand train = new TrainCommand();
        new picocli.CommandLine(train).parseArgs("--input", "a", "b,c", "--out", "m.zip");
        assertEquals(List.of(Path.of("a"), Path.of("b"), Path.of("c")), train.input);
    }

    /** Regression (review): no command printed the usage on standard output and exited 0, as if it had worked. */
    @Test
    void noCommandIsAUsageError() {
        Run r = run();
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("give a command") && r.err().contains("detect"), r.err());
    }

    /** Regression: {@code seisclr detect --version} printed nothing, exit 0. */
    @Test
    void everyCommandPrintsTheVersion() {
        for (String command : new String[] {"detect", "stream", "train", "evaluate", "bench"}) {
            PrintStream out = System.out;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            int status;
            try {
                status = Main.run(command, "--version");
            } finally {
                System.setOut(out);
            }
            assertEquals(0, status, command);
            assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("seisclr "), command + ": " + buf);
        }
    }
}
