package io.github.seisclr.pick;

/** First-motion polarity of a P pick on the vertical, as QuakeML's {@code PickPolarity}. */
public enum Polarity {
    /** First motion up (compression on the vertical). */
    POSITIVE,
    /** First motion down (dilatation). */
    NEGATIVE,
    /** No clear first motion: too little signal above the noise, or the onset too uncertain. */
    UNDECIDABLE;

    /** @return QuakeML's spelling: {@code positive}, {@code negative} or {@code undecidable} */
    public String quakeMl() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
