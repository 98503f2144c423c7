package io.github.seisclr;

/**
 * A model file that cannot be used: damaged, from an incompatible format or library version, or
 * made for data this input cannot be turned into (another sample rate, other components).
 */
public class ModelException extends SeisclrException {
    private static final long serialVersionUID = 1L;

    /** The kind of problem. */
    public enum Problem {
        /** The file is not a seisclr model, or its contents fail their checksum. */
        CORRUPT,
        /** The file's format or required library version is not supported by this library. */
        INCOMPATIBLE_VERSION,
        /** The data do not fit the model (sample rate, components, window length). */
        INCOMPATIBLE_DATA,
        /** The file cannot be read or written. */
        IO
    }

    private final Problem problem;

    /**
     * @param problem the kind of problem
     * @param message what is wrong, naming the file, and what to do
     * @param cause underlying failure, or null
     */
    public ModelException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    /** @return the kind of problem */
    public Problem problem() {
        return problem;
    }
}
