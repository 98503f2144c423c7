package io.github.seisclr.cli;

import picocli.CommandLine.Option;

/**
 * Whether a Steim record that fails its integrity check stops the command (a picocli mixin): by
 * default it does, with an error that names the file, byte, channel and time. {@code archive} takes
 * it with {@link ReadingOptions}, as every command that reads files does.
 */
class SteimCheckOption {
    @Option(names = "--no-steim-check", description = "read Steim records whose last decoded sample differs from the"
            + " record's integration constant (damaged data) instead of stopping, as libmseed does: each is read"
            + " as it decodes, with a warning naming it")
    boolean noSteimCheck;
}
