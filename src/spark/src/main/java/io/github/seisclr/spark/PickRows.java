package io.github.seisclr.spark;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.pick.Pick;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.HashMap;
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
                    rows.add(row(head, null));
                }
                for (Pick p : picks) {
                    rows.add(row(head, p));
                }
            }
        }
        return rows;
    }

    private static Row row(Object[] head, Pick p) {
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
            all[i] = p.polarity().name().toLowerCase(java.util.Locale.ROOT);
        }
        return RowFactory.create(all);
    }

}
