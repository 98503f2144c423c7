package io.github.seisclr.eval;

import io.github.seisclr.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a table of reference picks: CSV with a header naming at least {@code station},
 * {@code p_time} and optionally {@code s_time}, {@code start} (first sample of the window the pick
 * belongs to) and {@code file} (the ncedc-phasenet layout). Times are ISO 8601 UTC.
 */
public final class ReferencePicks {
    private ReferencePicks() {
    }

    /**
     * One row.
     *
     * @param file the waveform file it refers to (relative to the table), or null
     * @param windowStart first sample of that window, or null
     * @param event the reference arrivals
     */
    public record Row(String file, Instant windowStart, ReferenceEvent event) {
    }

    /**
     * @param csv the table
     * @return its rows
     * @throws BadInputException naming the file and line for a missing column or a bad time
     */
    public static List<Row> read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new BadInputException(BadInputException.Problem.IO, csv.toString(), null, null, -1,
                    "cannot read pick table: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new BadInputException(BadInputException.Problem.EMPTY, csv.toString(), null, null, -1, "empty pick table");
        }
        List<String> head = Arrays.asList(lines.get(0).trim().split(",", -1));
        int sta = head.indexOf("station");
        int p = head.indexOf("p_time");
        int s = head.indexOf("s_time");
        int start = head.indexOf("start");
        int file = head.indexOf("file");
        if (sta < 0 || p < 0) {
            throw new BadInputException(BadInputException.Problem.CORRUPT, csv.toString(), null, null, -1,
                    "pick table needs the columns station and p_time; header is " + head);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", -1);
            try {
                Instant pt = Instant.parse(f[p]);
                Instant st = s >= 0 && !f[s].isBlank() ? Instant.parse(f[s]) : null;
                rows.add(new Row(file >= 0 ? f[file] : null, start >= 0 && !f[start].isBlank() ? Instant.parse(f[start]) : null,
                        new ReferenceEvent(f[sta], pt, st)));
            } catch (DateTimeParseException | ArrayIndexOutOfBoundsException e) {
                throw new BadInputException(BadInputException.Problem.CORRUPT, csv + " line " + (i + 1), null, null, -1,
                        "cannot read this row: " + e.getMessage(), e);
            }
        }
        return rows;
    }
}
