package io.github.seisclr;

/**
 * Root of every exception seisclr throws on purpose. Subclasses name the family of problem:
 * {@link BadInputException} for data that cannot be read as given. Settings that are out of range
 * are reported as {@link IllegalArgumentException} naming the parameter, when a config is built.
 */
public class SeisclrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, and the fix where one is known
     */
    public SeisclrException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, and the fix where one is known
     * @param cause the underlying failure
     */
    public SeisclrException(String message, Throwable cause) {
        super(message, cause);
    }
}
