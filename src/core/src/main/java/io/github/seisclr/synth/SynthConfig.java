package io.github.seisclr.synth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Settings of the synthetic data generator. Immutable; build with {@link #builder()}; every
 * value is checked when built. Defaults make two 3-component stations, one hour at 100 Hz,
 * about six local earthquakes an hour of magnitude 0.5 to 3.5 (Gutenberg-Richter, b = 1),
 * noise between 20 % and 60 % of the way from the NLNM to the NHNM (in dB), one spike per
 * station-hour and an occasional telemetry gap. The noise is stationary and there are no
 * non-earthquake transients unless {@link Builder#noiseWander} and {@link Builder#transientsPerHour}
 * ask for them.
 */
public final class SynthConfig {
    private final long seed;
    private final Instant start;
    private final Duration duration;
    private final double sampleRate;
    private final int stations;
    private final String network;
    private final boolean threeComponent;
    private final double eventsPerHour;
    private final double minMagnitude;
    private final double maxMagnitude;
    private final double maxEpicentralKm;
    private final double minNoiseLevel;
    private final double maxNoiseLevel;
    private final double spikesPerHour;
    private final double gapsPerDay;
    private final double noiseWanderDb;
    private final double transientsPerHour;
    private final double countsPerMeterPerSecond;
    private final java.util.List<Instant> eventOrigins;

    private SynthConfig(Builder b) {
        seed = b.seed;
        start = b.start;
        duration = b.duration;
        sampleRate = b.sampleRate;
        stations = b.stations;
        network = b.network;
        threeComponent = b.threeComponent;
        eventsPerHour = b.eventsPerHour;
        minMagnitude = b.minMagnitude;
        maxMagnitude = b.maxMagnitude;
        maxEpicentralKm = b.maxEpicentralKm;
        minNoiseLevel = b.minNoiseLevel;
        maxNoiseLevel = b.maxNoiseLevel;
        spikesPerHour = b.spikesPerHour;
        gapsPerDay = b.gapsPerDay;
        noiseWanderDb = b.noiseWanderDb;
        transientsPerHour = b.transientsPerHour;
        countsPerMeterPerSecond = b.countsPerMeterPerSecond;
        eventOrigins = java.util.List.copyOf(b.eventOrigins);
    }

    /** @return origin times of earthquakes placed on purpose, besides the random ones (sorted) */
    public java.util.List<Instant> eventOrigins() {
        return eventOrigins;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return random seed */
    public long seed() {
        return seed;
    }

    /** @return time of the first sample */
    public Instant start() {
        return start;
    }

    /** @return length of each station's recording */
    public Duration duration() {
        return duration;
    }

    /** @return samples per second */
    public double sampleRate() {
        return sampleRate;
    }

    /** @return number of stations */
    public int stations() {
        return stations;
    }

    /** @return network code */
    public String network() {
        return network;
    }

    /** @return true for Z/N/E, false for Z only */
    public boolean threeComponent() {
        return threeComponent;
    }

    /** @return mean number of earthquakes per hour */
    public double eventsPerHour() {
        return eventsPerHour;
    }

    /** @return smallest magnitude */
    public double minMagnitude() {
        return minMagnitude;
    }

    /** @return largest magnitude */
    public double maxMagnitude() {
        return maxMagnitude;
    }

    /** @return largest epicentral distance of an event from the network centre (km) */
    public double maxEpicentralKm() {
        return maxEpicentralKm;
    }

    /** @return lowest noise level (0 = NLNM, 1 = NHNM, in dB) */
    public double minNoiseLevel() {
        return minNoiseLevel;
    }

    /** @return highest noise level (0 = NLNM, 1 = NHNM, in dB) */
    public double maxNoiseLevel() {
        return maxNoiseLevel;
    }

    /** @return mean number of single-sample spikes per station-hour */
    public double spikesPerHour() {
        return spikesPerHour;
    }

    /** @return mean number of telemetry gaps per station-day */
    public double gapsPerDay() {
        return gapsPerDay;
    }

    /**
     * @return standard deviation (dB) of the slow random changes of the noise level, drawn
     *     separately below and above 1 Hz; 0 for stationary noise
     */
    public double noiseWanderDb() {
        return noiseWanderDb;
    }

    /** @return mean non-earthquake transients (bursts and machinery hum) per station-hour */
    public double transientsPerHour() {
        return transientsPerHour;
    }

    /** @return sensitivity: counts per m/s of ground velocity */
    public double countsPerMeterPerSecond() {
        return countsPerMeterPerSecond;
    }

    /** Builder for {@link SynthConfig}. */
    public static final class Builder {
        private long seed = 1;
        private Instant start = Instant.parse("2024-01-01T00:00:00Z");
        private Duration duration = Duration.ofHours(1);
        /** Lowest sample rate generated, Hz. */
        static final double MIN_RATE = 5;
        private double sampleRate = 100;
        private int stations = 2;
        private String network = "XX";
        private boolean threeComponent = true;
        private double eventsPerHour = 6;
        private double minMagnitude = 0.5;
        private double maxMagnitude = 3.5;
        private double maxEpicentralKm = 60;
        private double minNoiseLevel = 0.2;
        private double maxNoiseLevel = 0.6;
        private double spikesPerHour = 1;
        private double gapsPerDay = 4;
        private double noiseWanderDb = 0;
        private double transientsPerHour = 0;
        private double countsPerMeterPerSecond = 6.29e8;
        private java.util.List<Instant> eventOrigins = java.util.List.of();

        private Builder() {
        }

        /**
         * Earthquakes at chosen origin times, besides the random ones (which keep 40 s away from
         * them); magnitude and hypocentre drawn as for the others. For tests of what happens at a
         * given time, e.g. an event across midnight.
         *
         * @param origins origin times, each inside the generated span
         * @return this builder
         */
        public Builder eventOrigins(java.util.Collection<Instant> origins) {
            java.util.List<Instant> sorted = new java.util.ArrayList<>(origins);
            sorted.sort(null);
            eventOrigins = java.util.List.copyOf(sorted);
            return this;
        }

        /** @param v random seed @return this builder */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @param v time of the first sample @return this builder */
        public Builder start(Instant v) {
            start = Objects.requireNonNull(v, "start");
            return this;
        }

        /** @param v length of the recording, 1 minute to 7 days @return this builder */
        public Builder duration(Duration v) {
            if (v.compareTo(Duration.ofMinutes(1)) < 0 || v.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("duration must be 1 minute to 7 days, got " + v);
            }
            duration = v;
            return this;
        }

        /**
         * @param v samples per second, 5 to 1000 (the synthetic earthquakes' energy lies at 1-20 Hz:
         *     below 5 Hz nothing of it, and nothing a 1-20 Hz model can use, would remain)
         * @return this builder
         */
        public Builder sampleRate(double v) {
            if (!(v >= MIN_RATE && v <= 1000)) {
                throw new IllegalArgumentException("sample rate must be " + (int) MIN_RATE + " to 1000 Hz, got " + v
                        + " (the synthetic earthquakes' energy lies at 1-20 Hz)");
            }
            sampleRate = v;
            return this;
        }

        /** @param v number of stations, 1 to 50 @return this builder */
        public Builder stations(int v) {
            if (v < 1 || v > 50) {
                throw new IllegalArgumentException("stations must be 1 to 50, got " + v);
            }
            stations = v;
            return this;
        }

        /** @param v network code, 1 or 2 letters or digits @return this builder */
        public Builder network(String v) {
            if (!v.matches("[A-Z0-9]{1,2}")) {
                throw new IllegalArgumentException("network must be 1-2 capital letters or digits, got '" + v + "'");
            }
            network = v;
            return this;
        }

        /** @param v Z/N/E if true, Z only if false @return this builder */
        public Builder threeComponent(boolean v) {
            threeComponent = v;
            return this;
        }

        /** @param v mean earthquakes per hour, 0 to 120 @return this builder */
        public Builder eventsPerHour(double v) {
            if (!(v >= 0 && v <= 120)) {
                throw new IllegalArgumentException("eventsPerHour must be 0 to 120, got " + v);
            }
            eventsPerHour = v;
            return this;
        }

        /**
         * @param min smallest magnitude, -1 to 6
         * @param max largest magnitude, min to 6
         * @return this builder
         */
        public Builder magnitudes(double min, double max) {
            if (!(min >= -1 && min <= max && max <= 6)) {
                throw new IllegalArgumentException("magnitudes must satisfy -1 <= min <= max <= 6, got "
                        + min + " and " + max);
            }
            minMagnitude = min;
            maxMagnitude = max;
            return this;
        }

        /** @param v largest epicentral distance (km), 1 to 500 @return this builder */
        public Builder maxEpicentralKm(double v) {
            if (!(v >= 1 && v <= 500)) {
                throw new IllegalArgumentException("maxEpicentralKm must be 1 to 500, got " + v);
            }
            maxEpicentralKm = v;
            return this;
        }

        /**
         * @param min lowest station noise level, 0 (NLNM) to 1 (NHNM)
         * @param max highest, min to 1
         * @return this builder
         */
        public Builder noiseLevels(double min, double max) {
            if (!(min >= 0 && min <= max && max <= 1)) {
                throw new IllegalArgumentException("noise levels must satisfy 0 <= min <= max <= 1, got "
                        + min + " and " + max);
            }
            minNoiseLevel = min;
            maxNoiseLevel = max;
            return this;
        }

        /** @param v mean spikes per station-hour, 0 to 60 @return this builder */
        public Builder spikesPerHour(double v) {
            if (!(v >= 0 && v <= 60)) {
                throw new IllegalArgumentException("spikesPerHour must be 0 to 60, got " + v);
            }
            spikesPerHour = v;
            return this;
        }

        /** @param v mean telemetry gaps per station-day, 0 to 100 @return this builder */
        public Builder gapsPerDay(double v) {
            if (!(v >= 0 && v <= 100)) {
                throw new IllegalArgumentException("gapsPerDay must be 0 to 100, got " + v);
            }
            gapsPerDay = v;
            return this;
        }

        /**
         * Lets the noise level wander in time, as real noise does with wind, traffic and the ocean:
         * the noise below and above 1 Hz are each scaled by {@code 10^(w(t)/20)}, where w is the sum
         * of two independent Ornstein-Uhlenbeck processes (correlation times 2 and 30 minutes) with
         * a standard deviation of {@code v} dB in all, the same on every component of a station.
         *
         * @param v standard deviation in dB, 0 (stationary noise, the default) to 20
         * @return this builder
         */
        public Builder noiseWander(double v) {
            if (!(v >= 0 && v <= 20)) {
                throw new IllegalArgumentException("noise wander must be 0 to 20 dB, got " + v);
            }
            noiseWanderDb = v;
            return this;
        }

        /**
         * Adds non-earthquake transients at random times: three in five are bursts of band-limited
         * noise (2-25 Hz, 2-30 s, like a passing vehicle), two in five machinery hum (a tone of
         * 2-15 Hz with two harmonics, 20 s to 10 min). Each is 0.5 to 20 times the station's
         * 1-20 Hz noise level and listed in the truth as {@link TruthEntry.Kind#TRANSIENT}.
         *
         * @param v mean transients per station-hour, 0 (the default) to 120
         * @return this builder
         */
        public Builder transientsPerHour(double v) {
            if (!(v >= 0 && v <= 120)) {
                throw new IllegalArgumentException("transientsPerHour must be 0 to 120, got " + v);
            }
            transientsPerHour = v;
            return this;
        }

        /** @param v counts per m/s, positive @return this builder */
        public Builder countsPerMeterPerSecond(double v) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("countsPerMeterPerSecond must be positive, got " + v);
            }
            countsPerMeterPerSecond = v;
            return this;
        }

        /** @return the configuration */
        public SynthConfig build() {
            for (Instant o : eventOrigins) {
                if (o.isBefore(start) || !o.isBefore(start.plus(duration))) {
                    throw new IllegalArgumentException("event origin " + o + " lies outside the generated span "
                            + start + " to " + start.plus(duration));
                }
            }
            return new SynthConfig(this);
        }
    }
}
