package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.gradflow.tensor.Matrix;

/**
 * Central differences of a network's batch loss with respect to each of its parameters, for the tests of
 * this package (the project's gradient checker lives in {@code org.gradflow.check}).
 */
final class FiniteDifferences {

    static final double STEP = 1e-5;

    private FiniteDifferences() {
    }

    /** {@code (L(p + h) - L(p - h)) / 2h} for every entry p of every parameter, in the order of {@code parameters()}. */
    static List<Matrix> gradient(Network net, Matrix X, Matrix T) {
        List<Matrix> out = new ArrayList<>();
        for (Matrix p : net.parameters()) {
            Matrix g = Matrix.zeros(p.rows(), p.cols());
            for (int i = 0; i < p.rows(); i++) {
                for (int j = 0; j < p.cols(); j++) {
                    double saved = p.get(i, j);
                    p.setInPlace(i, j, saved + STEP);
                    double plus = net.loss(X, T);
                    p.setInPlace(i, j, saved - STEP);
                    double minus = net.loss(X, T);
                    p.setInPlace(i, j, saved);
                    g.setInPlace(i, j, (plus - minus) / (2 * STEP));
                }
            }
            out.add(g);
        }
        return out;
    }

    /**
     * The largest {@code |analytic - numeric| / max(1e-4, |analytic| + |numeric|)} over all entries.
     * The floor 1e-4 keeps gradients that are zero up to rounding (about 1e-11 here) from counting as errors.
     */
    static double worstRelativeError(List<Matrix> analytic, List<Matrix> numeric) {
        assertEquals(numeric.size(), analytic.size(), "number of parameters");
        double worst = 0;
        for (int k = 0; k < analytic.size(); k++) {
            Matrix a = analytic.get(k);
            Matrix n = numeric.get(k);
            assertEquals(n.shape(), a.shape(), "shape of gradient " + k);
            for (int i = 0; i < a.rows(); i++) {
                for (int j = 0; j < a.cols(); j++) {
                    double x = a.get(i, j);
                    double y = n.get(i, j);
                    worst = Math.max(worst, Math.abs(x - y) / Math.max(1e-4, Math.abs(x) + Math.abs(y)));
                }
            }
        }
        return worst;
    }
}
