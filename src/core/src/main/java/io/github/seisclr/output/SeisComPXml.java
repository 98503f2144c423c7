package io.github.seisclr.output;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.Polarity;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SeisComP XML (SCML, schema 0.13): the picks and their signal-to-noise amplitudes, in the form
 * SeisComP's picker ({@code scautopick}) gives them to its locator ({@code scautoloc}), so that a
 * SeisComP system imports seisclr's picks ({@code scdispatch -i FILE}) or locates them offline
 * ({@code scautoloc --ep FILE}).
 *
 * <p>What the format holds, and how seisclr fills it:
 * <ul>
 *   <li>a {@code pick} per pick: time with its uncertainty (one standard deviation, so
 *       {@code confidenceLevel} 68.27; {@code lowerUncertainty} and {@code upperUncertainty} where they
 *       differ), {@code waveformID}, {@code methodID} {@code seisclr}, {@code phaseHint}, polarity for a
 *       P on a vertical, {@code evaluationMode} automatic, {@code creationInfo} with author
 *       {@code seisclr} and the pick's own time as its creation time, and comments: the detection it
 *       belongs to (id {@code detection}) and how it was found (id {@code evidence});</li>
 *   <li>an {@code amplitude} of type {@code snr} per station detection with a signal-to-noise ratio
 *       measured at a P, referring to that P's pick (RMS in the 2 s after it over RMS from 5 s to 0.5 s
 *       before it, {@code timeWindow} begin 5, end 2), created at the window's end: scautoloc leaves
 *       an automatic pick without one aside, and one below its {@code autoloc.minPickSNR} (3 by
 *       default). A ratio measured at an arrival given as S (a detection with no P) is not written:
 *       scautoloc reads every pick with an amplitude as a P, whatever its phase hint;</li>
 *   <li>no event and no origin: SeisComP makes events of origins, and seisclr does not locate. The
 *       network detections a QuakeML file groups its events by are named in each pick's
 *       {@code detection} comment. The event parameters' publicID is SeisComP's own,
 *       {@code EventParameters}, the parent its database files picks and amplitudes under;</li>
 *   <li>the provenance and the run's warnings about its data as XML comments at the top (the format
 *       has no element for a document's notes); a {@code --} in them, which an XML comment cannot
 *       hold, is written {@code - -}.</li>
 * </ul>
 * The creation times are data times, not the clock's: the same run gives the same file, and
 * scautoloc's playback of a file ({@code --ep}), which in SeisComP 6 leaves objects without one aside
 * and feeds them in the order of their creation times (in later versions with {@code --timing
 * creationTime}; by pick time, the default there, in the order of the pick times and of the
 * amplitudes' time window references, which are the same), takes the picks in the order of the data
 * (a file's stations one after the other would be older than its six-hour memory). scautoloc also asks for an absolute
 * amplitude of each pick (its {@code autoloc.amplTypeAbs}, {@code mb} by default), which seisclr does
 * not measure (docs/detection.md, "Outputs", says how to locate without one).
 */
final class SeisComPXml {
    private SeisComPXml() {
    }

    /** The schema's namespace, version 0.13 (SeisComP 6). */
    static final String NAMESPACE = "http://geofon.gfz-potsdam.de/ns/seiscomp3-schema/0.13";

    /** The method, as a pick's and an amplitude's {@code methodID} name it. */
    private static final String METHOD = "seisclr";

    /** The signal-to-noise window, seconds before and after the first arrival (EventStage's). */
    private static final double NOISE_SECONDS = 5.0;
    private static final double SIGNAL_SECONDS = 2.0;

    static void write(DetectionResult r, String producer, OutputStream out) throws IOException {
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeComment(comment(Writers.oneLine(Writers.provenance(r, producer))));
            x.writeCharacters("\n");
            for (String warning : r.warnings()) {
                x.writeComment(comment("warning: " + warning));
                x.writeCharacters("\n");
            }
            x.writeStartElement("seiscomp");
            x.writeDefaultNamespace(NAMESPACE);
            x.writeAttribute("version", "0.13");
            x.writeStartElement("EventParameters");
            // SeisComP's own id: its database files picks and amplitudes under the parent of that id, and
            // scdispatch takes the file's for their parent (review: another id stored nothing)
            x.writeAttribute("publicID", "EventParameters");
            Map<String, List<Pick>> byDetection = Writers.byDetection(r);
            Map<String, String> network = Writers.networkIds(r);
            for (Detection d : r.detections()) {
                List<Pick> picks = byDetection.getOrDefault(d.id(), List.of());
                String prefix = Writers.prefixOf(d, r);
                String about = "seisclr detection " + d.id() + " at " + d.station() + String.format(Locale.ROOT,
                        ", peak score %.2f", d.peakScore()) + (network.containsKey(d.id())
                        ? ", in network detection " + network.get(d.id()) : "");
                for (Pick p : picks) {
                    pick(x, prefix, p, about);
                }
                // the ratio is measured at the detection's first arrival picked (EventStage); written where
                // that is a P: scautoloc takes a pick with an amplitude for a P, whatever its phase hint
                Pick first = picks.stream().min(Comparator.comparing(Pick::time)).orElse(null);
                if (first != null && first.phase() == Phase.P && Double.isFinite(d.snr())) {
                    snr(x, Writers.pickId(prefix, first), first, d.snr());
                }
            }
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndDocument();
            x.flush();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write SeisComP XML: " + e.getMessage(), e);
        }
        out.write('\n');
        out.flush();
    }

    private static void pick(XMLStreamWriter x, String prefix, Pick p, String about) throws XMLStreamException {
        x.writeStartElement("pick");
        x.writeAttribute("publicID", Writers.pickId(prefix, p));
        Writers.timeAndWaveform(x, NAMESPACE, p);
        text(x, "methodID", METHOD);
        text(x, "phaseHint", p.phase().name());
        if (p.polarity() != Polarity.NONE) {
            text(x, "polarity", p.polarity().quakeMl());
        }
        text(x, "evaluationMode", "automatic");
        creationInfo(x, p.time());
        note(x, "detection", about);
        note(x, "evidence", p.evidence() + String.format(Locale.ROOT, "; confidence %.2f", p.confidence()));
        x.writeEndElement();
    }

    /** An amplitude of type {@code snr}, as scautopick writes one for each pick. */
    private static void snr(XMLStreamWriter x, String pickId, Pick p, double snr) throws XMLStreamException {
        String value = String.format(Locale.ROOT, "%.3f", snr);
        x.writeStartElement("amplitude");
        x.writeAttribute("publicID", pickId + ".snr");
        text(x, "type", "snr");
        x.writeStartElement("amplitude");
        text(x, "value", value);
        x.writeEndElement();
        x.writeStartElement("timeWindow");
        text(x, "reference", Writers.time(p.time()));
        text(x, "begin", Writers.seconds(NOISE_SECONDS));
        text(x, "end", Writers.seconds(SIGNAL_SECONDS));
        x.writeEndElement();
        text(x, "snr", value);
        text(x, "pickID", pickId);
        Writers.waveformId(x, NAMESPACE, p);
        text(x, "methodID", METHOD);
        text(x, "evaluationMode", "automatic");
        creationInfo(x, p.time().plusNanos(Math.round(SIGNAL_SECONDS * 1e9)));
        x.writeEndElement();
    }

    /**
     * The author and a creation time. scautoloc's playback of a file leaves an object without a
     * creation time aside and feeds the others in the order of theirs; the time given is the data's
     * (when the object could first be made in real time, near enough), not the clock's.
     */
    private static void creationInfo(XMLStreamWriter x, java.time.Instant created) throws XMLStreamException {
        x.writeStartElement("creationInfo");
        text(x, "author", METHOD);
        text(x, "creationTime", Writers.time(created));
        x.writeEndElement();
    }

    private static void note(XMLStreamWriter x, String id, String text) throws XMLStreamException {
        x.writeStartElement("comment");
        text(x, "text", Writers.oneLine(text));
        text(x, "id", id);
        x.writeEndElement();
    }

    private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        Writers.text(x, NAMESPACE, name, value);
    }

    /**
     * @return {@code text} as an XML comment may hold it: no {@code --} (written {@code - -}), no
     *     character XML does not allow, a space at each end (a comment may not end in {@code -})
     */
    static String comment(String text) {
        String t = Writers.xmlText(text);
        while (t.contains("--")) {
            t = t.replace("--", "- -");
        }
        return " " + t + " ";
    }
}
