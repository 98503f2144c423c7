package io.github.seisclr.cli;

import java.util.List;

/** The first few items of a list named in a summary or message line, the rest said by an ellipsis. */
final class Listing {
    private Listing() {
    }

    /**
     * @param items the items, in the order named
     * @param most how many are named at most
     * @param separator between two items, e.g. {@code ", "}
     * @return the first {@code most} items joined, followed by the separator and {@code ...} when there are more
     */
    static String first(List<String> items, int most, String separator) {
        return String.join(separator, items.subList(0, Math.min(most, items.size())))
                + (items.size() > most ? separator + "..." : "");
    }

    /**
     * @param items the items, in the order named (at least one)
     * @return them as a sentence names them: {@code a}, {@code a and b}, {@code a, b and c}
     */
    static String and(List<String> items) {
        int n = items.size();
        return n == 1 ? items.get(0) : String.join(", ", items.subList(0, n - 1)) + " and " + items.get(n - 1);
    }
}
