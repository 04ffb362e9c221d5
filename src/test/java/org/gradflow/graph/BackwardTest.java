package org.gradflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The graph walk: accumulation over paths and over calls, zeroGrad, deep graphs, topological order. */
class BackwardTest {

    @Test
    void aNodeUsedTwiceByOneOperationGetsBothContributions() {
        Value x = Value.of(3, "x");
        x.times(x).backward();
        assertEquals(6, x.grad(), "d(x*x)/dx = 2x");

        Value y = Value.of(-2, "y");
        y.plus(y).plus(y).backward();
        assertEquals(3, y.grad(), "d(y+y+y)/dy = 3");
    }

    @Test
    void gradientsAddOverEveryPath() {
        // L = a * x + a with a = x * y: x reaches L by two paths, a by two paths.
        double xv = 1.5;
        double yv = -2;
        Value x = Value.of(xv, "x");
        Value y = Value.of(yv, "y");
        Value a = x.times(y).label("a");
        Value L = a.times(x).plus(a).label("L");
        L.backward();
        // L = x^2 y + x y: dL/dx = 2xy + y, dL/dy = x^2 + x, dL/da = x + 1
        assertEquals(2 * xv * yv + yv, x.grad(), 1e-15);
        assertEquals(xv * xv + xv, y.grad(), 1e-15);
        assertEquals(xv + 1, a.grad(), 1e-15);
        double[] numeric = FiniteDifferences.gradient(p -> {
            Value px = Value.of(p[0]);
            Value pa = px.times(Value.of(p[1]));
            return pa.times(px).plus(pa).value();
        }, new double[] {xv, yv});
        assertTrue(FiniteDifferences.error(x.grad(), numeric[0]) < 1e-8);
        assertTrue(FiniteDifferences.error(y.grad(), numeric[1]) < 1e-8);
    }

    @Test
    void callingBackwardTwiceAddsEveryGradientTwice() {
        Value x = Value.of(0.3, "x");
        Value h = x.times(2).tanh().label("h");
        Value L = h.times(h).sigmoid().label("L");
        L.backward();
        double dx = x.grad();
        double dh = h.grad();
        L.backward();
        assertEquals(2 * dx, x.grad(), 1e-15);
        assertEquals(2 * dh, h.grad(), 1e-15);
        assertEquals(2, L.grad());
    }

    @Test
    void backwardFromTwoOutputsSumsTheirGradients() {
        Value x = Value.of(0.7, "x");
        Value f = x.exp();
        Value g = x.times(x);
        f.backward();
        g.backward();
        assertEquals(Math.exp(0.7) + 2 * 0.7, x.grad(), 1e-15);
    }

    @Test
    void zeroGradClearsTheWholeGraph() {
        Value x = Value.of(0.3, "x");
        Value w = Value.of(-1.2, "w");
        Value a = x.times(w).label("a");
        Value L = a.sigmoid().plus(a).label("L");
        L.backward();
        assertTrue(x.grad() != 0 && w.grad() != 0 && a.grad() != 0);
        L.zeroGrad();
        for (Value v : List.of(x, w, a, L)) {
            assertEquals(0, v.grad(), v.toString());
        }
        L.backward();
        Value fresh = Value.of(0.3).times(Value.of(-1.2));
        Value freshL = fresh.sigmoid().plus(fresh);
        freshL.backward();
        assertEquals(fresh.grad(), a.grad(), "after zeroGrad, one backward gives the gradient of one pass");
    }

    @Test
    void zeroGradOnAnInnerNodeLeavesTheRestAlone() {
        Value x = Value.of(0.3, "x");
        Value a = x.exp().label("a");
        Value L = a.times(3).label("L");
        L.backward();
        a.zeroGrad();
        assertEquals(0, a.grad());
        assertEquals(0, x.grad());
        assertEquals(1, L.grad(), "L is not reachable from a");
    }

    @Test
    void aChainOfAMillionNodesDoesNotOverflowTheStack() {
        int n = 1_000_000;
        double k = 1 + 1e-6;
        Value x = Value.of(1, "x");
        Value v = x;
        for (int i = 0; i < n; i++) {
            v = v.times(k);
        }
        v.backward();
        double expected = Math.pow(k, n); // d(k^n x)/dx, about e
        assertEquals(expected, x.grad(), 1e-9 * expected);
        assertEquals(expected, v.value(), 1e-9 * expected);
        assertEquals(n + 1, Graph.topologicalOrder(v).size());
        v.zeroGrad();
        assertEquals(0, x.grad());
    }

    @Test
    void topologicalOrderPutsEveryNodeAfterItsInputsAndTheOutputLast() {
        Value x = Value.of(1, "x");
        Value y = Value.of(2, "y");
        Value a = x.times(y);
        Value b = a.plus(x).exp();
        Value L = b.div(a).plus(y);
        List<Value> order = Graph.topologicalOrder(L);
        assertEquals(7, order.size(), "each node once: x, y, a, a + x, b, b / a, L");
        assertSame(L, order.get(order.size() - 1));
        for (int i = 0; i < order.size(); i++) {
            for (Value in : order.get(i).inputs()) {
                assertTrue(order.indexOf(in) < i, in + " comes before " + order.get(i));
            }
        }
    }
}
