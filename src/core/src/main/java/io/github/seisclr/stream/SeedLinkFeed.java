package io.github.seisclr.stream;

import edu.sc.seis.seisFile.seedlink.SeedlinkException;
import edu.sc.seis.seisFile.seedlink.SeedlinkPacket;
import edu.sc.seis.seisFile.seedlink.SeedlinkReader;
import io.github.seisclr.BadInputException;
import io.github.seisclr.io.MiniSeedReader;
import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.Trace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Feeds a {@link StreamingDetector} from a SeedLink (v3) server through SeisFile's client. After a
 * dropped connection it reconnects (waiting {@code reconnectDelay}, doubling up to a minute) and
 * resumes each station after the last packet it received ({@code DATA <next sequence> <that
 * packet's start>}), so no packet is lost or repeated while the server still holds it; a server
 * restarted with a new ring, whose numbers began again, is asked from that time instead, and what it
 * sends again is left out ({@link #repeated()}). A station asked for by name that sends nothing is
 * warned of ({@link #silent()}). A first connection asks for new data
 * only, or, with {@link #from(Instant)}, for each station's data from a time on, as far back as the
 * server still holds them (SeedLink's {@code TIME}), and then on in real time.
 *
 * <pre>{@code
 * try (SeedLinkFeed feed = new SeedLinkFeed("localhost", 18000,
 *         List.of(SeedLinkFeed.Selector.parse("NC_KCT:HH?")), detector, Duration.ofSeconds(2))) {
 *     feed.run(); // until the server ends the stream or close() is called
 * }
 * }</pre>
 */
public final class SeedLinkFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SeedLinkFeed.class);
    private static final int TIMEOUT_SECONDS = 120;

    /**
     * What to ask the server for.
     *
     * @param network network code
     * @param station station code
     * @param locationChannels SeedLink SELECT patterns (location + channel, {@code ?} wildcards), empty for all
     */
    public record Selector(String network, String station, List<String> locationChannels) {
        /**
         * @param text {@code NET_STA} or {@code NET_STA:SEL[,SEL...]}, e.g. {@code NC_KCT:HH?} or
         *     {@code IU_ANMO:00BH?} (SeedLink's form); {@code NET.STA}, as {@code detect --stations}
         *     writes a station, is taken too (a SEED code holds neither a dot nor an underscore)
         * @return the selector
         * @throws IllegalArgumentException naming the text when it is neither form
         */
        public static Selector parse(String text) {
            String[] parts = text.split(":", 2);
            String[] ns = parts[0].split("[._]", -1);
            if (ns.length != 2 || ns[0].isEmpty() || ns[1].isEmpty()) {
                throw new IllegalArgumentException("station selector '" + text
                        + "' must be NET_STA or NET_STA:SELECT, e.g. NC_KCT:HH? (or NET.STA[:SELECT])");
            }
            List<String> sel = parts.length > 1 ? List.of(parts[1].split(",")) : List.of();
            return new Selector(ns[0], ns[1], sel);
        }

        String key() {
            return network + "_" + station;
        }

        /**
         * Whether a channel is one this selector asks for, as a SeedLink server would choose it: the
         * network and station, and, where SELECT patterns are given, one of them ({@code CCC} for the
         * channel, {@code LLCCC} for location and channel with {@code --} for an empty location,
         * {@code ?} for any character, a {@code .D}-style type suffix ignored; a pattern starting
         * with {@code !} leaves channels out).
         *
         * @param id a channel
         * @return whether records of it would be sent
         */
        public boolean matches(io.github.seisclr.io.SourceId id) {
            if (!network.equals(id.network()) || !station.equals(id.station())) {
                return false;
            }
            boolean any = false;
            boolean chosen = false;
            for (String raw : locationChannels) {
                boolean out = raw.startsWith("!");
                String pattern = (out ? raw.substring(1) : raw).replaceFirst("\\.[A-Za-z]?$", "");
                String code = pattern.length() <= 3 ? id.channel() : pad(id.location()) + id.channel();
                boolean hit = wildcard(pattern.length() <= 3 ? pattern : pattern.replace('-', ' '), code);
                if (out && hit) {
                    return false;
                }
                any |= !out;
                chosen |= !out && hit;
            }
            return !any || chosen;
        }

        private static String pad(String location) {
            return location.length() >= 2 ? location : (location + "  ").substring(0, 2);
        }

        private static boolean wildcard(String pattern, String code) {
            if (pattern.length() != code.length()) {
                return false;
            }
            for (int i = 0; i < pattern.length(); i++) {
                if (pattern.charAt(i) != '?' && pattern.charAt(i) != code.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final String host;
    private final int port;
    private final List<Selector> selectors;
    private final StreamingDetector target;
    private final Duration reconnectDelay;
    private final Map<String, String> lastSequence = new HashMap<>();
    private volatile boolean closed;
    /** Woken by {@link #close()}, so that a wait to reconnect ends with it. */
    private final Object wake = new Object();
    private volatile List<String> rejected = List.of();
    private volatile SeedlinkReader reader;
    private volatile long packets;
    private volatile long reconnects;
    private volatile long failedConnections;
    private volatile long connections;
    private volatile String lastFailure;
    /** Whether the last attempt to connect, or the connection, failed (a reconnection then says so). */
    private boolean failing;
    private volatile long refused;
    /** Packets refused as damaged, by station ({@code NET_STA}): the warnings thin out after the first. */
    private final Map<String, Long> refusedBy = new HashMap<>();
    /** Refused packets of a station said one by one; after them, every {@value #REFUSED_EVERY}th. */
    static final int REFUSED_SAID = 10;
    static final int REFUSED_EVERY = 100;
    private volatile long early;
    /** Decodes each packet once, as the detector's own reader does, for its times and to feed it. */
    private final MiniSeedReader decoder = new MiniSeedReader(ReadOptions.defaults());
    /** Per station ({@code NET_STA}), the data start of its last packet: sent with its sequence on a resume. */
    private final Map<String, Instant> lastStart = new HashMap<>();
    /** Per channel, the end of the last data received. */
    private final Map<io.github.seisclr.io.SourceId, Instant> channelEnd = new HashMap<>();
    /** Channels whose packets already received are left out, until a new one comes, after a reconnection. */
    private final Set<io.github.seisclr.io.SourceId> resuming = new HashSet<>();
    private volatile long repeated;
    /** Stations of which a record reaching {@link #from} has come. */
    private final Set<String> started = new HashSet<>();
    /** How much later than {@link #from} a station's first data may start without a warning. */
    static final Duration LATE_START = Duration.ofMinutes(1);
    /** Where a station with no packet yet is asked to start; null: new data only. */
    private volatile Instant from;
    /** How long a station asked for may send nothing before it is warned of ({@link #silent()}). */
    private Duration silentAfter = Duration.ofSeconds(TIMEOUT_SECONDS);
    /** Stations asked for by name (no wildcard) and accepted at the last connection. */
    private volatile List<String> named = List.of();
    /** Per station ({@code NET_STA}), when its last packet came, or the connection was made (System.nanoTime). */
    private final Map<String, Long> heardAt = new java.util.concurrent.ConcurrentHashMap<>();
    /** Stations warned of as silent, until their next packet. */
    private final Set<String> warnedSilent = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param host server host
     * @param port server port (18000 usually)
     * @param selectors stations to ask for
     * @param target where packets go
     * @param reconnectDelay first wait after a dropped connection
     */
    public SeedLinkFeed(String host, int port, List<Selector> selectors, StreamingDetector target,
                        Duration reconnectDelay) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.selectors = List.copyOf(selectors);
        if (this.selectors.isEmpty()) {
            throw new IllegalArgumentException("give at least one station selector");
        }
        this.target = Objects.requireNonNull(target, "target");
        this.reconnectDelay = Objects.requireNonNull(reconnectDelay, "reconnectDelay");
    }

    /**
     * Asks the server for each station's data from {@code start} on (SeedLink's {@code TIME
     * <start>}), as far back as its buffer still holds them, and then on in real time, rather than
     * for new data only. {@code TIME} carries whole seconds, so the server is asked from the second
     * that holds {@code start}; the packets whose data end at or before {@code start} are left out
     * here ({@link #early()}), and a packet that straddles it is passed on whole. A station the
     * client has had packets of resumes after the last of them on a reconnection; one it has had
     * none of is asked from {@code start} again (a server may serve the whole connection from the
     * sequence of the others: ringserver does). A station whose first packet starts more than a
     * minute after {@code start} is warned of: the server no longer holds (or never had) what lies
     * between. A server that refuses the time request (it answers {@code ERROR} to {@code TIME}: a
     * server without time windows, or a time in its future) is asked for that station's new data
     * instead, with a warning. Set it before {@link #run()}.
     *
     * @param start the first moment wanted
     * @return this feed
     */
    public SeedLinkFeed from(Instant start) {
        this.from = Objects.requireNonNull(start, "start");
        return this;
    }

    /**
     * Receives packets until the server ends the stream ({@code END}) or {@link #close()} is called,
     * reconnecting after failures.
     *
     * @throws InterruptedException when interrupted while waiting to reconnect
     * @throws java.io.UncheckedIOException when the server's host name does not resolve at the first
     *     connection (a mistake in it, not an outage)
     * @throws io.github.seisclr.SeisclrException when the server refuses every station asked for at the
     *     first connection (a mistake in the stations or their selectors, not an outage)
     */
    public void run() throws InterruptedException {
        long wait = reconnectDelay.toMillis();
        while (!closed) {
            boolean connected = false;
            try {
                reader = connect();
                connected = true;
                if (failing) {
                    // the warning of the failure is closed by one of its end (review: an operator reading the
                    // log could not tell that the stream was back)
                    LOG.warn("SeedLink {}:{}: connected {} {}; {}", host, port, connections == 0 ? "after" : "again after",
                            lastFailure, packets == 0 ? "asking for the stations" + (connections == 0 ? "" : " again")
                                    : "resuming after the last packet");
                    failing = false;
                }
                if (connections++ > 0) {
                    reconnects++;
                    resuming.clear();
                    resuming.addAll(channelEnd.keySet());
                }
                wait = reconnectDelay.toMillis();
                long now = System.nanoTime();
                for (String station : named) {
                    if (lastSequence.containsKey(station)) {
                        heardAt.merge(station, now, Math::max); // after an outage, from this connection
                    } else {
                        heardAt.putIfAbsent(station, now); // never heard: from the first connection asking for it
                    }
                }
                while (!closed && reader.hasNext()) {
                    SeedlinkPacket p = reader.readPacket();
                    handle(p);
                    warnOfSilence(System.nanoTime());
                }
                if (!closed) {
                    LOG.info("{}:{} ended the stream after {} packets", host, port, packets);
                }
                return;
            } catch (IOException | SeedlinkException e) {
                if (closed) {
                    return;
                }
                if (e instanceof java.net.UnknownHostException && connections == 0) {
                    // a host name that does not resolve before any connection is a mistake (a typo), not
                    // an outage to wait out; once connected, a failing name service is retried
                    throw new java.io.UncheckedIOException("SeedLink server " + host + ":" + port
                            + ": no such host (the name does not resolve); check --seedlink HOST:PORT",
                            (java.net.UnknownHostException) e);
                }
                if (!connected) {
                    failedConnections++;
                } else {
                    warnOfSilence(System.nanoTime());
                }
                lastFailure = failure(e, connected);
                failing = true;
                LOG.warn("SeedLink {}:{}: {}; reconnecting in {} ms, {}", host, port, lastFailure, wait,
                        packets == 0 ? "asking for the stations again" : "resuming after the last packet");
                pause(wait);
                wait = Math.min(60_000, 2 * wait);
            } catch (RuntimeException e) {
                if (closed) {
                    // SeisFile's reader, closed from another thread in the middle of a read, can fail
                    // with a NullPointerException rather than an IOException (found by review)
                    LOG.debug("SeedLink {}:{}: {} while closing", host, port, e.toString());
                    return;
                }
                throw e;
            } finally {
                if (reader != null) {
                    reader.close();
                }
            }
        }
    }

    /**
     * @return what failed, in words: the exception's message, said as an unknown host, a closed
     *     connection or a silence where it is one
     */
    private static String failure(Exception e, boolean connected) {
        if (e instanceof java.io.EOFException) {
            return "the server closed the connection";
        }
        if (e instanceof java.net.SocketTimeoutException) {
            // before the connection is made, a timeout is no answer (a firewall, a wrong host), not a silence
            return connected ? "nothing received in " + TIMEOUT_SECONDS + " s"
                    : "no answer in " + TIMEOUT_SECONDS + " s (" + e.getMessage() + ")";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof java.net.UnknownHostException ? "unknown host " + m : m;
    }

    /**
     * Warns, once until it sends again, of each station that is {@link #silent()}. A server may
     * accept a station it does not carry (ringserver answers {@code OK} to any name), and a station
     * may stop sending while the others go on: either way the stream would otherwise wait in silence.
     */
    private void warnOfSilence(long now) {
        // (review: with the whole server stopped, each station was said to have stopped "while the others
        // go on"; stations of a wildcard selector, not named, count as others once heard)
        boolean othersGoOn = heardAt.values().stream().anyMatch(at -> now - at < silentAfter.toNanos());
        for (String station : silent(now)) {
            if (warnedSilent.add(station)) {
                long s = (now - heardAt.get(station)) / 1_000_000_000L;
                if (lastSequence.containsKey(station)) {
                    LOG.warn("SeedLink {}:{}: no packet of {} for {} s: it has stopped sending ({})", host, port,
                            station, s, othersGoOn ? "the others go on; what it holds is decided"
                                    : "as has every station heard: the server or the link may be down");
                    // its open detection decided now, not when it comes back (review); not where every
                    // station is silent: the server or the link is down, and the reconnection resumes
                    // after the last packet, its data going on without a gap
                    int cut = station.indexOf('_');
                    if (othersGoOn && cut > 0) {
                        try {
                            target.endStation(station.substring(0, cut), station.substring(cut + 1));
                        } catch (IllegalStateException ended) {
                            // the detector's input has ended (flush): nothing is held
                        }
                    }
                } else {
                    LOG.warn("SeedLink {}:{}: no packet of {} for {} s, none since asking for it: the server accepted"
                            + " it but sends nothing; check the station's name (the server's INFO STATIONS, e.g."
                            + " slinktool -L) and whether it is live", host, port, station, s);
                }
            }
        }
    }

    /**
     * @return the stations asked for by name (no wildcard) that have sent no packet for the
     *     silence limit (two minutes): since the first connection that asked for them, where they
     *     never sent one (a station the server accepted but does not carry); since their last packet
     *     or the last connection, whichever is later, where they did (a station that stopped sending)
     */
    public List<String> silent() {
        return silent(System.nanoTime());
    }

    private List<String> silent(long now) {
        List<String> out = new ArrayList<>();
        for (String station : named) {
            Long at = heardAt.get(station);
            if (at != null && now - at >= silentAfter.toNanos()) {
                out.add(station);
            }
        }
        return out;
    }

    /** For tests: how long a station may send nothing before {@link #silent()} names it. */
    SeedLinkFeed silentAfter(Duration d) {
        silentAfter = Objects.requireNonNull(d, "d");
        return this;
    }

    /** Waits before reconnecting, up to {@code millis}, and no longer once {@link #close()} is called. */
    private void pause(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        synchronized (wake) {
            while (!closed) {
                long left = (end - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                wake.wait(left);
            }
        }
    }

    private SeedlinkReader connect() throws IOException, SeedlinkException {
        SeedlinkReader r = new SeedlinkReader(host, port, TIMEOUT_SECONDS);
        List<Selector> accepted = new ArrayList<>();
        List<String> refusedHere = new ArrayList<>();
        for (Selector s : selectors) {
            String last = lastSequence.get(s.key());
            List<String> sel = new ArrayList<>(s.locationChannels());
            try {
                if (last == null && from != null) {
                    try {
                        r.selectTime(s.network(), s.station(), sel, from);
                    } catch (SeedlinkException e) {
                        if (e.getMessage() == null || !e.getMessage().startsWith("Command TIME ")) {
                            throw e; // the station itself or its selection was refused
                        }
                        // a refused TIME ends the station's request: ask for it again, without the time
                        LOG.warn("SeedLink {}:{} refused data of {} from {} ({}); asking for new data only",
                                host, port, s.key(), from, e.getMessage());
                        r.selectData(s.network(), s.station(), sel);
                    }
                } else if (last == null) {
                    r.selectData(s.network(), s.station(), sel);
                } else if (lastStart.containsKey(s.key())) {
                    // DATA <next> <start of the last packet>: where the server's packet of that number is
                    // not the one received (a server restarted with a new ring, its numbers begun again),
                    // it is asked from that time instead (as libslink does; ringserver checks it), so that
                    // nothing is skipped; what comes again is left out here (repeated())
                    r.sendStation(s.network(), s.station());
                    if (sel.isEmpty()) {
                        r.sendSelect("???"); // as SeisFile's selectData asks for every channel
                        r.sendSelect("?????");
                    }
                    for (String lc : sel) {
                        r.sendSelect(lc, SeedlinkReader.DATA_TYPE);
                    }
                    r.sendData(SeedlinkReader.nextSeq(last), lastStart.get(s.key()));
                } else {
                    r.selectData(s.network(), s.station(), sel, SeedlinkReader.nextSeq(last));
                }
                accepted.add(s);
            } catch (SeedlinkException e) {
                // the server answered ERROR (a station it does not carry, a selector it refuses): the
                // other stations go on, as libslink does; this one is asked for again at the next connection
                refusedHere.add(s.key() + " (" + e.getMessage() + ")");
            }
        }
        rejected = List.copyOf(refusedHere);
        named = accepted.stream().filter(a -> !(a.network() + a.station()).matches(".*[?*].*"))
                .map(Selector::key).distinct().toList();
        if (!refusedHere.isEmpty()) {
            LOG.warn("SeedLink {}:{} refused {}", host, port, refusedHere);
        }
        if (accepted.isEmpty()) {
            r.close();
            if (connections == 0) {
                // at the first connection a refusal of every station is a mistake in them (a selector the
                // server does not take), not an outage to wait out (review: it retried forever)
                throw new io.github.seisclr.SeisclrException("SeedLink " + host + ":" + port + " refused every station"
                        + " asked for at the first connection: " + refusedHere + "; check --stations (NET_STA, and"
                        + " selectors such as HH? or BHZ.D)");
            }
            throw new SeedlinkException("the server refused every station asked for: " + refusedHere);
        }
        r.endHandshake();
        LOG.info("connected to SeedLink {}:{} for {}", host, port, accepted);
        return r;
    }

    private void handle(SeedlinkPacket p) {
        byte[] mseed = p.getMseedBytes();
        String seq = p.getSeqNum();
        packets++;
        // miniSEED 2 fixed header: station at bytes 8-12, network at 18-19
        String key = new String(mseed, 18, 2, StandardCharsets.US_ASCII).trim() + "_"
                + new String(mseed, 8, 5, StandardCharsets.US_ASCII).trim();
        lastSequence.put(key, seq);
        heardAt.put(key, System.nanoTime());
        warnedSilent.remove(key);
        String source = "seedlink " + host + ":" + port + " #" + seq;
        try {
            // decoded once, here, as the detector decodes it, and fed to it as decoded
            List<Trace> blocks = decoder.records(mseed, mseed.length, source);
            if (blocks.isEmpty()) {
                return;
            }
            Trace first = blocks.get(0);
            lastStart.put(key, first.start());
            Instant had = channelEnd.get(first.id());
            if (resuming.contains(first.id())) {
                if (!first.endExclusive().isAfter(had)) {
                    repeated++; // sent again after a reconnection positioned by time
                    return;
                }
                resuming.remove(first.id());
            }
            if (had == null || first.endExclusive().isAfter(had)) {
                channelEnd.put(first.id(), first.endExclusive());
            }
            // what lies wholly before the time asked for is left out (TIME has whole seconds, and a
            // server may position roughly)
            if (from != null && before(key, first)) {
                early++;
                return;
            }
            blocks.forEach(target::accept);
        } catch (BadInputException e) {
            refused++;
            // a station sending damaged data for an hour would log a line a packet (review: ~1,500 an hour)
            long n = refusedBy.merge(key, 1L, Long::sum);
            if (n <= REFUSED_SAID || n % REFUSED_EVERY == 0) {
                LOG.warn("packet {} refused: {}{}", seq, e.getMessage(), n == REFUSED_SAID ? " (" + key + ": "
                        + REFUSED_SAID + " packets refused; further ones are said every " + REFUSED_EVERY + "th, and"
                        + " the summary counts them all)" : n > REFUSED_SAID ? " (" + key + ": " + n + " refused so far)"
                        : "");
            }
        }
    }

    /**
     * @param t a record's samples, decoded as the detector decodes them (time correction and
     *     microseconds applied)
     * @return whether they end at or before {@link #from}. Warns, once per station, where the first
     *     record kept starts more than {@link #LATE_START} after that time.
     */
    private boolean before(String station, Trace t) {
        if (!t.endExclusive().isAfter(from)) {
            return true;
        }
        if (started.add(station) && Duration.between(from, t.start()).compareTo(LATE_START) > 0) {
            LOG.warn("SeedLink {}:{}: the first data of {} start at {}, {} after the time asked for ({}): the"
                    + " server no longer holds, or never had, what lies between", host, port, station, t.start(),
                    Duration.between(from, t.start()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .toString().substring(2).toLowerCase(java.util.Locale.ROOT), from);
        }
        return false;
    }

    /** @return packets received that lie wholly before the time of {@link #from(Instant)}, not passed on */
    public long early() {
        return early;
    }

    /** @return the stations the server refused at the last connection, each with its answer (empty: none) */
    public List<String> rejected() {
        return rejected;
    }

    /**
     * @return packets left out as already received: sent again at the start of a connection that
     *     resumed by time (the server's packet of the sequence asked for was another one)
     */
    public long repeated() {
        return repeated;
    }

    /** @return packets received */
    public long packets() {
        return packets;
    }

    /** @return connections made (handshake done, data requested), the first one included */
    public long connections() {
        return connections;
    }

    /** @return connection attempts that failed (server down, refused, handshake rejected) */
    public long failedConnections() {
        return failedConnections;
    }

    /** @return the last connection failure's message, or null when there was none */
    public String lastFailure() {
        return lastFailure;
    }

    /** @return connections made after the first, each after a dropped or failed one */
    public long reconnects() {
        return reconnects;
    }

    /** @return packets refused as damaged */
    public long refused() {
        return refused;
    }

    /** Stops {@link #run()} and closes the connection. */
    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll(); // ends a wait to reconnect now, not after it (up to a minute)
        }
        SeedlinkReader r = reader;
        if (r != null) {
            r.close();
        }
    }
}
