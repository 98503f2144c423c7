/**
 * The {@code seisclr} command line: a thin shell over the public API, one class per command.
 * Only this package uses picocli and the SLF4J backend.
 */
package io.github.seisclr.cli;
