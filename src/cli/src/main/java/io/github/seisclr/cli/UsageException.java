package io.github.seisclr.cli;

import io.github.seisclr.SeisclrException;

/** A command-line mistake (options that contradict each other, an output that would clobber an input): exit status 2. */
final class UsageException extends SeisclrException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
