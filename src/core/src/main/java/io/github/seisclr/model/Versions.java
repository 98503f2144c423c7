package io.github.seisclr.model;

/** The library's own version, from the jar manifest ("dev" when run from classes). */
final class Versions {
    private Versions() {
    }

    static String library() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
