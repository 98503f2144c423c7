package io.github.seisclr.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void aDayEndingARangeIncludesTheWholeDay() {
        assertEquals(Instant.parse("2024-01-31T00:00:00Z"), Times.dayOrTime("2024-01-31", false));
        assertEquals(Instant.parse("2024-02-01T00:00:00Z"), Times.dayOrTime("2024-01-31", true));
        assertEquals(Instant.parse("2024-01-31T06:00:00Z"), Times.dayOrTime("2024-01-31T06:00:00Z", true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Times.dayOrTime("yesterday", false));
        assertTrue(e.getMessage().contains("'yesterday'"), e.getMessage());
    }

    @Test
    void aTimeWithoutAZoneIsUtcAndOneWithAnOffsetIsThatInstant() {
        assertEquals(Instant.parse("2024-01-31T06:00:00Z"), Times.dayOrTime("2024-01-31T06:00:00", false));
        assertEquals(Instant.parse("2024-01-31T06:00:01.250Z"), Times.dayOrTime("2024-01-31T06:00:01.25", true));
        assertEquals(Instant.parse("2024-01-31T06:00:00Z"), Times.dayOrTime("2024-01-31T07:00:00+01:00", false));
        assertEquals(Instant.parse("2024-01-31T06:00:00Z"), Times.dayOrTime("2024-01-31T06:00", false));
        // a leap second, as Instant.parse reads it (the second before); refused by the first form of the change (review)
        assertEquals(Instant.parse("2016-12-31T23:59:59Z"), Times.dayOrTime("2016-12-31T23:59:60Z", false));
        assertThrows(IllegalArgumentException.class, () -> Times.dayOrTime("2024-01-31 06:00:00", false));
    }

    @Test
    void aDayIsToldFromATimeByWhatItParsesAs() {
        assertTrue(Times.isDay("2024-01-31"));
        // a year past 9999 is a day too, though longer than ten characters
        assertTrue(Times.isDay("+10000-01-31"));
        assertEquals(Instant.parse("+10000-02-01T00:00:00Z"), Times.dayOrTime("+10000-01-31", true));
        // ten characters that are not a day
        assertFalse(Times.isDay("2024-01-3Z"));
        assertFalse(Times.isDay("2024-01-31T06:00:00Z"));
        assertFalse(Times.isDay("2024-02-30"));
    }

    @Test
    void nanosRoundTripBeforeAndAfterTheEpoch() {
        for (Instant t : new Instant[] {Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.parse("2024-01-31T06:00:00.000000001Z"), Instant.EPOCH}) {
            assertEquals(t, Times.toInstant(Times.toNanos(t)));
        }
        assertThrows(ArithmeticException.class, () -> Times.toNanos(Instant.parse("2300-01-01T00:00:00Z")));
    }
}
