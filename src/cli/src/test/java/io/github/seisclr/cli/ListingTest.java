package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ListingTest {
    @Test
    void namesTheFirstItemsAndSaysThereAreMore() {
        assertEquals("a, b", Listing.first(List.of("a", "b"), 2, ", "));
        assertEquals("a; b; ...", Listing.first(List.of("a", "b", "c"), 2, "; "));
        assertEquals("", Listing.first(List.of(), 3, ", "));
    }

    /** The archive's summary named three day-file formats "CSV and QuakeML and SeisComP XML" (review). */
    @Test
    void namesItemsAsASentenceDoes() {
        assertEquals("CSV", Listing.and(List.of("CSV")));
        assertEquals("CSV and QuakeML", Listing.and(List.of("CSV", "QuakeML")));
        assertEquals("CSV, QuakeML and SeisComP XML", Listing.and(List.of("CSV", "QuakeML", "SeisComP XML")));
    }
}
