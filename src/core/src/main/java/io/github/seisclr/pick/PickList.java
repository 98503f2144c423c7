package io.github.seisclr.pick;

import java.util.Iterator;
import java.util.List;

/**
 * Picks in time order, with filters in the style of SeisBench's pick lists.
 *
 * @param picks the picks, sorted by time
 */
public record PickList(List<Pick> picks) implements Iterable<Pick> {
    /** Sorts and freezes the list. */
    public PickList {
        picks = picks.stream().sorted(java.util.Comparator.comparing(Pick::time)).toList();
    }

    /**
     * @param phase a phase
     * @return picks of that phase
     */
    public List<Pick> select(Phase phase) {
        return picks.stream().filter(p -> p.phase() == phase).toList();
    }

    /**
     * @param station station code (STA), or null for any
     * @param minConfidence lowest confidence kept
     * @param phase phase, or null for any
     * @return matching picks
     */
    public List<Pick> select(String station, double minConfidence, Phase phase) {
        return picks.stream().filter(p -> station == null || p.channel().station().equals(station))
                .filter(p -> p.confidence() >= minConfidence).filter(p -> phase == null || p.phase() == phase).toList();
    }

    /** @return number of picks */
    public int size() {
        return picks.size();
    }

    @Override
    public Iterator<Pick> iterator() {
        return picks.iterator();
    }
}
