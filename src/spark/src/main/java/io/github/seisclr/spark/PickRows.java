package io.github.seisclr.spark;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.PickList;
import io.github.seisclr.pick.Polarity;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Parquet table: one row per pick with its detection's columns (as {@code detect}'s CSV), and
 * one row without pick columns for a detection without picks. Partition columns: network,
 * station, year (of the station-day); {@code day} names the station-day that wrote the row.
 */
final class PickRows {
    static final StructType SCHEMA = new StructType(new StructField[] {
        field("network", DataTypes.StringType, false),
        field("station", DataTypes.StringType, false),
        field("year", DataTypes.IntegerType, false),
        field("day", DataTypes.StringType, false),
        field("detection_id", DataTypes.StringType, false),
        field("stream", DataTypes.StringType, false),
        field("detection_start", DataTypes.TimestampType, false),
        field("detection_end", DataTypes.TimestampType, false),
        field("peak_time", DataTypes.TimestampType, false),
        field("peak_score", DataTypes.DoubleType, false),
        field("snr", DataTypes.DoubleType, true),
        field("threshold_on", DataTypes.DoubleType, false),
        field("model", DataTypes.StringType, false),
        field("phase", DataTypes.StringType, true),
        field("channel", DataTypes.StringType, true),
        field("pick_time", DataTypes.TimestampType, true),
        field("uncertainty_s", DataTypes.DoubleType, true),
        field("lower_uncertainty_s", DataTypes.DoubleType, true),
        field("upper_uncertainty_s", DataTypes.DoubleType, true),
        field("confidence", DataTypes.DoubleType, true),
        field("polarity", DataTypes.StringType, true),
        field("evidence", DataTypes.StringType, true),
        field("hours", DataTypes.DoubleType, false),
    });

    private PickRows() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }

    static List<Row> rows(List<ArchiveJob.DayResult> results) {
        List<Row> rows = new ArrayList<>();
        for (ArchiveJob.DayResult r : results) {
            String[] ns = r.station().split("\\.", 2);
            Map<String, List<Pick>> byDetection = new HashMap<>();
            r.picks().forEach(p -> byDetection.computeIfAbsent(p.detectionId(), k -> new ArrayList<>()).add(p));
            for (Detection d : r.detections()) {
                List<Pick> picks = byDetection.getOrDefault(d.id(), List.of());
                Object[] head = {ns[0], ns[1], r.day().getYear(), r.day().toString(), d.id(), d.station(), d.start(),
                    d.end(), d.peakTime(), d.peakScore(), Double.isNaN(d.snr()) ? null : d.snr(), d.thresholdOn(),
                    d.model()};
                if (picks.isEmpty()) {
                    rows.add(row(head, null, r.hours()));
                }
                for (Pick p : picks) {
                    rows.add(row(head, p, r.hours()));
                }
            }
        }
        return rows;
    }

    private static Row row(Object[] head, Pick p, double hours) {
        Object[] all = new Object[SCHEMA.size()];
        System.arraycopy(head, 0, all, 0, head.length);
        if (p != null) {
            int i = head.length;
            all[i++] = p.phase().name();
            all[i++] = p.channel().toString();
            all[i++] = p.time();
            all[i++] = p.uncertaintySeconds();
            all[i++] = p.lowerUncertaintySeconds();
            all[i++] = p.upperUncertaintySeconds();
            all[i++] = p.confidence();
            all[i++] = p.polarity() == Polarity.NONE ? null : p.polarity().quakeMl();
            all[i] = p.evidence();
        }
        all[SCHEMA.size() - 1] = hours;
        return RowFactory.create(all);
    }

    /**
     * The rows of one day back into detections and picks, for the day files.
     *
     * @param rows rows of {@link #SCHEMA}
     * @param recordedHours the day's station-hours by station as the job recorded them, stations
     *     without a detection included (empty for outputs of versions before that record)
     * @param config the run's settings
     * @param model the model checksum for the provenance line
     * @return the detections (in time order) and their picks; the station-hours of the recorded
     *     station-days and of those with rows
     */
    static DetectionResult result(List<Row> rows, Map<String, Double> recordedHours, DetectorConfig config, String model) {
        Map<String, Detection> detections = new LinkedHashMap<>();
        List<Pick> picks = new ArrayList<>();
        Map<String, Double> hours = new HashMap<>();
        for (Row r : rows) {
            String id = r.getAs("detection_id");
            detections.computeIfAbsent(id, k -> new Detection(id, r.getAs("stream"), instant(r, "detection_start"),
                    instant(r, "detection_end"), instant(r, "peak_time"), r.<Double>getAs("peak_score"),
                    r.isNullAt(r.fieldIndex("snr")) ? Double.NaN : r.<Double>getAs("snr"), r.<Double>getAs("threshold_on"),
                    r.getAs("model")));
            hours.put(r.getAs("network") + "." + r.getAs("station"), r.<Double>getAs("hours"));
            if (!r.isNullAt(r.fieldIndex("phase"))) {
                picks.add(new Pick(SourceId.parse(r.getAs("channel")), Phase.valueOf(r.getAs("phase")),
                        instant(r, "pick_time"), r.<Double>getAs("uncertainty_s"), r.<Double>getAs("lower_uncertainty_s"),
                        r.<Double>getAs("upper_uncertainty_s"),
                        r.isNullAt(r.fieldIndex("polarity")) ? Polarity.NONE
                                : Polarity.valueOf(r.<String>getAs("polarity").toUpperCase(java.util.Locale.ROOT)),
                        r.<Double>getAs("confidence"), id, r.isNullAt(r.fieldIndex("evidence")) ? "" : r.getAs("evidence")));
            }
        }
        hours.putAll(recordedHours);
        List<Detection> sorted = new ArrayList<>(detections.values());
        sorted.sort(java.util.Comparator.comparing(Detection::start).thenComparing(Detection::id));
        picks.sort(java.util.Comparator.comparing(Pick::detectionId).thenComparing(Pick::phase));
        // the day's network detections, as detect gives them (the day files' network_detection column)
        return new DetectionResult(sorted, new PickList(picks), io.github.seisclr.detect.Detector.coincidence(sorted, config),
                List.of(),
                hours.values().stream().mapToDouble(Double::doubleValue).sum(), config, model, Map.of());
    }

    private static java.time.Instant instant(Row r, String field) {
        Object v = r.getAs(field);
        return v instanceof java.sql.Timestamp t ? t.toInstant() : (java.time.Instant) v;
    }
}
