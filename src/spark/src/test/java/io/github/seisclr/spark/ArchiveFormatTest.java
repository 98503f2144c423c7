package io.github.seisclr.spark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveFormatTest {
    /**
     * Review: spark-submit's entry point took the enum's names alone, so {@code --format scml} (and
     * xml, qml), which the command line takes as detect does, failed there with "No enum constant".
     */
    @Test
    void theEntryPointAndTheCommandLineTakeTheSameNames() {
        assertEquals(ArchiveJob.Format.SC3ML, ArchiveJob.Format.parse("scml"));
        assertEquals(ArchiveJob.Format.SC3ML, ArchiveJob.Format.parse(" SC3ML "));
        assertEquals(ArchiveJob.Format.QUAKEML, ArchiveJob.Format.parse("qml"));
        assertEquals(ArchiveJob.Format.QUAKEML, ArchiveJob.Format.parse("xml"));
        assertEquals(ArchiveJob.Format.CSV, ArchiveJob.Format.parse("csv"));
        assertEquals(ArchiveJob.Format.PARQUET, ArchiveJob.Format.parse("parquet"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArchiveJob.Format.parse("xls"));
        assertTrue(e.getMessage().startsWith("--format must be parquet, csv, quakeml"), e.getMessage());
        assertEquals(java.util.List.of("CSV", "QuakeML", "SeisComP XML"),
                ArchiveJob.Format.DAY_FILES.stream().map(ArchiveJob.Format::label).toList());
    }
}
