package io.github.seisclr.pick;

import io.github.seisclr.eval.SyntheticPicks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The picker's uncertainties mean what they say, on synthetic events (realistic noise, Brune
 * sources, both first-motion signs; {@link SyntheticPicks}): about 68 % of true P and S arrivals lie
 * within one reported standard deviation. The scales were set on seeds 101 and 202; pinned here on
 * seeds 7 and 8 ({@code -Dcalseed=N} runs it on that seed instead, to check another). Decided
 * first-motion polarities agree with the source's.
 */
class PickCalibrationTest {
    private static SyntheticPicks.Result result;

    @BeforeAll
    static void pickSyntheticEvents() {
        Long one = Long.getLong("calseed");
        result = SyntheticPicks.run(new Picker(1, 20, 2.5, 1, 30), one != null ? new long[] {one} : new long[] {7, 8});
        System.out.println("synthetic picks: " + result);
    }

    @Test
    void enoughEventsToJudge() {
        assertTrue(result.p().count() >= 80, "P picks: " + result.p().count());
        assertTrue(result.s().count() >= 0.8 * result.events(), "S found for " + result.s().count() + " of " + result.events());
    }

    @Test
    void pUncertaintyHoldsAboutTwoThirdsOfTrueArrivals() {
        double share = result.pCoverage().within1();
        assertTrue(share >= 0.60 && share <= 0.76, "P within 1 sigma: " + result.pCoverage());
        assertTrue(result.pCoverage().within2() >= 0.85, "P within 2 sigma: " + result.pCoverage());
    }

    @Test
    void sUncertaintyHoldsAboutTwoThirdsOfTrueArrivals() {
        double share = result.sCoverage().within1();
        assertTrue(share >= 0.60 && share <= 0.76, "S within 1 sigma: " + result.sCoverage());
    }

    /**
     * Black-box review: with one horizontal (the NCEDC windows without E), an S pick's uncertainty had
     * no spread of views, only the AIC's band: a median of 0.03 s where the three components give
     * 0.11 s, and 36 % of the analysts' S within it. On the synthetic events without E it holds about
     * two thirds of the true S, as with three components.
     */
    @Test
    void sUncertaintyWithOneHorizontalHoldsAboutTwoThirdsOfTrueArrivals() {
        SyntheticPicks.Result withoutE = without(2, "E");
        assertTrue(withoutE.s().count() >= 0.6 * withoutE.events(), "S found for " + withoutE.s().count());
        double share = withoutE.sCoverage().within1();
        assertTrue(share >= 0.55 && share <= 0.80, "S within 1 sigma, one horizontal: " + withoutE.sCoverage());
    }

    /**
     * Black-box review: P picked on a horizontal (the NCEDC windows without Z) had a median uncertainty
     * of 0.02 s with 39 % of the analysts' P within it; the other horizontal's onset now widens its
     * spread where that horizontal shows an arrival. On the synthetic events without Z, 56 % -> 60 %
     * of the true P within one uncertainty (the rest are mostly S taken for P, which no uncertainty of
     * the onset picked covers).
     */
    @Test
    void pUncertaintyOnAHorizontalHoldsAboutTwoThirdsOfTrueArrivals() {
        SyntheticPicks.Result withoutZ = without(0, "Z");
        double share = withoutZ.pCoverage().within1();
        assertTrue(share >= 0.60 && share <= 0.80, "P within 1 sigma, horizontals only: " + withoutZ.pCoverage());
    }

    /** @return the synthetic events picked with component {@code c} left out (named {@code name}) */
    private static SyntheticPicks.Result without(int c, String name) {
        Long one = Long.getLong("calseed");
        SyntheticPicks.Result r = SyntheticPicks.run(new Picker(1, 20, 2.5, 1, 30), c,
                one != null ? new long[] {one} : new long[] {7, 8});
        System.out.println("synthetic picks without " + name + ": " + r);
        return r;
    }

    @Test
    void decidedPolaritiesAreRight() {
        assertTrue(result.polarityDecided() >= 0.3 * result.p().count(), "decided " + result.polarityDecided());
        assertTrue(result.polarityRight() >= 0.95 * result.polarityDecided(),
                "right " + result.polarityRight() + " of " + result.polarityDecided());
    }
}
