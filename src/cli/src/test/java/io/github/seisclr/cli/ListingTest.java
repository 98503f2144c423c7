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
}
