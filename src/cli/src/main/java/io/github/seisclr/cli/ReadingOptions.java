package io.github.seisclr.cli;

import io.github.seisclr.io.ReadOptions;
import picocli.CommandLine.Option;

/**
 * How damaged miniSEED is read, for the commands that read waveform files (a picocli mixin). By
 * default a damaged record (a Steim record that fails its integrity check among them) stops the
 * command, with an error that names the file, byte, channel and time.
 */
final class ReadingOptions extends SteimCheckOption {
    @Option(names = "--skip-damaged", description = "leave out a damaged record (cut short, a bad checksum or"
            + " header, a NaN sample) instead of stopping, with a warning naming its file, byte, channel and time"
            + " and the bytes left out; the file's sound records are read (from the next record header on), a"
            + " file without one is left out whole; the other files are read as usual")
    boolean skipDamaged;

    /** @return these options as written on the command line (with a leading space), for an output's header */
    String asArguments() {
        return (noSteimCheck ? " --no-steim-check" : "") + (skipDamaged ? " --skip-damaged" : "");
    }

    /** @return the reader's settings these options ask for */
    ReadOptions options() {
        return builder().build();
    }

    /** As {@link #options()}, keeping overlaps that disagree as segments beside each other: for an inventory. */
    ReadOptions keepingOverlaps() {
        return builder().overlapPolicy(io.github.seisclr.io.OverlapPolicy.KEEP_BOTH).build();
    }

    private ReadOptions.Builder builder() {
        return ReadOptions.builder().verifySteimIntegrity(!noSteimCheck).skipDamagedFiles(skipDamaged);
    }
}
