package io.github.seisclr.cli;

import io.github.seisclr.io.OverlapPolicy;
import io.github.seisclr.io.ReadOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How damaged or conflicting miniSEED is read, for the commands that read waveforms (a picocli
 * mixin). By default both stop the command, with an error that names the file, channel and time.
 */
final class ReadingOptions {
    @Option(names = "--no-steim-check", description = "read Steim records whose last decoded sample differs from the"
            + " record's integration constant (damaged data) instead of stopping, as libmseed does: each is read"
            + " as it decodes, with a warning naming it")
    boolean noSteimCheck;

    @Option(names = "--overlaps", paramLabel = "error|keep-both", converter = Overlaps.class,
            description = "records of one channel that cover the same time with different samples: stop with an"
                    + " error naming them (error, the default), or keep both copies as overlapping segments"
                    + " (keep-both, as libmseed does; `info` lists each overlap)")
    OverlapPolicy overlaps = OverlapPolicy.ERROR;

    /** @return the reader's settings these options ask for */
    ReadOptions options() {
        return ReadOptions.builder().verifySteimIntegrity(!noSteimCheck).overlapPolicy(overlaps).build();
    }

    /** {@code --overlaps}' values, as written on the command line. */
    static final class Overlaps implements ITypeConverter<OverlapPolicy> {
        @Override
        public OverlapPolicy convert(String value) {
            return switch (value) {
                case "error" -> OverlapPolicy.ERROR;
                case "keep-both" -> OverlapPolicy.KEEP_BOTH;
                default -> throw new TypeConversionException("'" + value + "' is not one of error, keep-both");
            };
        }
    }
}
