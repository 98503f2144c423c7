package io.github.seisclr.signal;

import java.util.ArrayList;
import java.util.List;

/**
 * Digital Butterworth filters by the bilinear transform with pre-warped corners, as
 * {@code scipy.signal.iirfilter} and ObsPy's {@code bandpass}/{@code highpass}/{@code lowpass}
 * design them: {@code corners} is the order of the analog low-pass prototype, so a band-pass of 4
 * corners has 8 poles. The result is a cascade of second-order sections, normalised to unit gain
 * in the pass band (DC for low-pass, Nyquist for high-pass, the geometric centre for band-pass).
 */
public final class Butterworth {
    private Butterworth() {
    }

    /**
     * @param corners prototype order, 1 to 10
     * @param lowHz lower corner (Hz), above 0
     * @param highHz upper corner (Hz), below Nyquist
     * @param sampleRate sample rate (Hz)
     * @return the band-pass filter
     */
    public static SosFilter bandpass(int corners, double lowHz, double highHz, double sampleRate) {
        check(corners, sampleRate);
        if (!(lowHz > 0 && lowHz < highHz && highHz < sampleRate / 2)) {
            throw new IllegalArgumentException("band-pass corners must satisfy 0 < low < high < Nyquist ("
                    + sampleRate / 2 + " Hz), got low=" + lowHz + " Hz, high=" + highHz + " Hz");
        }
        double fs2 = 2 * sampleRate;
        double w1 = fs2 * Math.tan(Math.PI * lowHz / sampleRate);
        double w2 = fs2 * Math.tan(Math.PI * highHz / sampleRate);
        double bw = w2 - w1;
        double w0sq = w1 * w2;
        List<Complex> poles = new ArrayList<>();
        for (Complex p : prototype(corners)) {
            Complex half = p.scale(bw / 2);
            Complex root = half.mul(half).sub(new Complex(w0sq, 0)).sqrt();
            poles.add(half.add(root));
            poles.add(half.sub(root));
        }
        // bilinear: n zeros at s=0 -> z=+1, n zeros at infinity -> z=-1
        double centre = sampleRate / Math.PI * Math.atan(Math.sqrt(w0sq) / fs2);
        return build(poles, 1, -1, corners, centre, sampleRate);
    }

    /**
     * @param corners prototype order, 1 to 10
     * @param cornerHz corner frequency (Hz), between 0 and Nyquist
     * @param sampleRate sample rate (Hz)
     * @return the high-pass filter
     */
    public static SosFilter highpass(int corners, double cornerHz, double sampleRate) {
        check(corners, sampleRate);
        checkCorner(cornerHz, sampleRate);
        double wc = 2 * sampleRate * Math.tan(Math.PI * cornerHz / sampleRate);
        List<Complex> poles = new ArrayList<>();
        for (Complex p : prototype(corners)) {
            poles.add(new Complex(wc, 0).div(p));
        }
        return build(poles, 1, 1, corners, sampleRate / 2, sampleRate);
    }

    /**
     * @param corners prototype order, 1 to 10
     * @param cornerHz corner frequency (Hz), between 0 and Nyquist
     * @param sampleRate sample rate (Hz)
     * @return the low-pass filter
     */
    public static SosFilter lowpass(int corners, double cornerHz, double sampleRate) {
        check(corners, sampleRate);
        checkCorner(cornerHz, sampleRate);
        double wc = 2 * sampleRate * Math.tan(Math.PI * cornerHz / sampleRate);
        List<Complex> poles = new ArrayList<>();
        for (Complex p : prototype(corners)) {
            poles.add(p.scale(wc));
        }
        return build(poles, -1, -1, corners, 0, sampleRate);
    }

    private static void check(int corners, double sampleRate) {
        if (corners < 1 || corners > 10) {
            throw new IllegalArgumentException("corners must be 1 to 10, got " + corners);
        }
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sampleRate must be positive, got " + sampleRate);
        }
    }

    private static void checkCorner(double f, double sampleRate) {
        if (!(f > 0 && f < sampleRate / 2)) {
            throw new IllegalArgumentException("corner must lie between 0 and Nyquist (" + sampleRate / 2
                    + " Hz), got " + f + " Hz");
        }
    }

    /** Analog Butterworth prototype poles, cutoff 1 rad/s, left half plane. */
    private static List<Complex> prototype(int n) {
        List<Complex> p = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double theta = Math.PI * (2 * k + n + 1) / (2.0 * n);
            p.add(new Complex(Math.cos(theta), Math.sin(theta)));
        }
        return p;
    }

    /**
     * Maps analog poles to z, pairs conjugates into sections, puts zeros at {@code zeroA} and
     * {@code zeroB} (±1) per section (one zero each for a section holding one real pole), and
     * scales to unit gain at {@code unitHz}.
     */
    private static SosFilter build(List<Complex> analogPoles, double zeroA, double zeroB, int corners,
                                   double unitHz, double sampleRate) {
        double fs2 = 2 * sampleRate;
        List<Complex> z = new ArrayList<>();
        for (Complex s : analogPoles) {
            z.add(new Complex(fs2, 0).add(s).div(new Complex(fs2, 0).sub(s)));
        }
        List<double[]> sections = new ArrayList<>();
        List<Complex> reals = new ArrayList<>();
        List<Complex> used = new ArrayList<>();
        for (Complex p : z) {
            if (used.contains(p)) {
                continue;
            }
            if (Math.abs(p.im) < 1e-12 * Math.max(1, Math.abs(p.re))) {
                reals.add(p);
                used.add(p);
                continue;
            }
            Complex partner = null;
            for (Complex q : z) {
                if (q != p && !used.contains(q) && Math.abs(q.re - p.re) < 1e-9 && Math.abs(q.im + p.im) < 1e-9) {
                    partner = q;
                    break;
                }
            }
            if (partner == null) {
                throw new IllegalStateException("unpaired complex pole " + p);
            }
            used.add(p);
            used.add(partner);
            // (1 - p z^-1)(1 - p* z^-1) = 1 - 2 Re(p) z^-1 + |p|^2 z^-2
            sections.add(new double[] {1, -(zeroA + zeroB), zeroA * zeroB, -2 * p.re, p.re * p.re + p.im * p.im});
        }
        for (int i = 0; i < reals.size(); i += 2) {
            if (i + 1 < reals.size()) {
                double r1 = reals.get(i).re;
                double r2 = reals.get(i + 1).re;
                sections.add(new double[] {1, -(zeroA + zeroB), zeroA * zeroB, -(r1 + r2), r1 * r2});
            } else {
                // a lone real pole (odd order low/high-pass) has one zero
                double r = reals.get(i).re;
                sections.add(new double[] {1, -zeroA, 0, -r, 0});
            }
        }
        SosFilter raw = new SosFilter(sections.toArray(new double[0][]), sampleRate);
        double g = raw.magnitude(unitHz);
        double perSection = Math.pow(g, -1.0 / sections.size());
        for (double[] s : sections) {
            s[0] *= perSection;
            s[1] *= perSection;
            s[2] *= perSection;
        }
        return new SosFilter(sections.toArray(new double[0][]), sampleRate);
    }

    /** Minimal complex arithmetic for the design. */
    private record Complex(double re, double im) {
        Complex add(Complex o) {
            return new Complex(re + o.re, im + o.im);
        }

        Complex sub(Complex o) {
            return new Complex(re - o.re, im - o.im);
        }

        Complex mul(Complex o) {
            return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
        }

        Complex div(Complex o) {
            double d = o.re * o.re + o.im * o.im;
            return new Complex((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
        }

        Complex scale(double k) {
            return new Complex(re * k, im * k);
        }

        Complex sqrt() {
            double r = Math.hypot(re, im);
            double a = Math.sqrt((r + re) / 2);
            double b = Math.copySign(Math.sqrt((r - re) / 2), im);
            return new Complex(a, b);
        }
    }
}
