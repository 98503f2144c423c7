package io.github.seisclr.pick;

/** First-motion polarity of a P pick on the vertical, as QuakeML's {@code PickPolarity}. */
public enum Polarity {
    /** First motion up (compression on the vertical). */
    POSITIVE,
    /** First motion down (dilatation). */
    NEGATIVE,
    /** No clear first motion: too little signal above the noise, or the onset too uncertain. */
    UNDECIDABLE,
    /**
     * None sought: an S pick, or a P pick without a vertical (a first motion on a horizontal is not
     * a polarity). Written as no polarity at all (QuakeML has no value for it).
     */
    NONE;

    /**
     * @return QuakeML's spelling: {@code positive}, {@code negative} or {@code undecidable}; the empty
     *     string for {@link #NONE}, which QuakeML leaves out
     */
    public String quakeMl() {
        return this == NONE ? "" : name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return whether a first motion was decided: {@link #POSITIVE} or {@link #NEGATIVE} */
    public boolean decided() {
        return this == POSITIVE || this == NEGATIVE;
    }
}
