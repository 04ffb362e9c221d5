package org.gradflow.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ContoursTest {

    @Test
    void circlesLieWithinGridToleranceOfTheirRadiusAndCloseOnce() {
        int n = 81;
        Grid grid = Grid.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, n);
        double h = 4.0 / (n - 1);
        for (double r : new double[] {0.3, 0.77, 1.0, 1.5, 1.9}) {
            Contour c = Contours.trace(grid, r * r).get(0);
            assertEquals(1, c.lines().size(), "one piece for radius " + r + ": " + c);
            Polyline line = c.lines().get(0);
            assertTrue(line.closed(), "circle of radius " + r + " is a loop");
            assertEquals(line.x()[0], line.x()[line.size() - 1]);
            assertEquals(line.y()[0], line.y()[line.size() - 1]);
            double[] x = line.x();
            double[] y = line.y();
            for (int k = 0; k < x.length; k++) {
                double radius = Math.hypot(x[k], y[k]);
                assertTrue(Math.abs(radius - r) < h, "point " + k + " at radius " + radius + " for r = " + r);
            }
            // The polygon's perimeter approaches 2 pi r.
            assertEquals(2 * Math.PI * r, line.length(), 0.02 * 2 * Math.PI * r);
        }
    }

    @Test
    void circleCutByTheBorderIsOneOpenPieceEndingOnTheBorder() {
        Grid grid = Grid.sample((x, y) -> x * x + y * y, 0, 2, 0, 2, 41);
        Contour c = Contours.trace(grid, 1.0).get(0);
        assertEquals(1, c.lines().size());
        Polyline quarter = c.lines().get(0);
        assertFalse(quarter.closed());
        double[] x = quarter.x();
        double[] y = quarter.y();
        int last = x.length - 1;
        // One end on the x axis at (1, 0), the other on the y axis at (0, 1), in either order.
        double[][] ends = {{x[0], y[0]}, {x[last], y[last]}};
        Arrays.sort(ends, (a, b) -> Double.compare(a[0], b[0]));
        assertArrayEquals(new double[] {0, 1}, ends[0], 1e-12);
        assertArrayEquals(new double[] {1, 0}, ends[1], 1e-12);
    }

    @Test
    void planeGivesStraightLinesAtTheExactPlace() {
        // f = 2x - 3y + 1 is linear, so interpolation along the edges is exact: 2x - 3y + 1 = level.
        Grid grid = Grid.sample((x, y) -> 2 * x - 3 * y + 1, -1, 1, -1, 1, 17);
        for (Contour c : Contours.trace(grid, -2, 0, 0.5, 3)) {
            assertEquals(1, c.lines().size(), c.toString());
            Polyline line = c.lines().get(0);
            assertFalse(line.closed());
            double[] x = line.x();
            double[] y = line.y();
            for (int k = 0; k < x.length; k++) {
                assertEquals(c.level(), 2 * x[k] - 3 * y[k] + 1, 1e-12);
            }
            // Straight: the length equals the distance between the ends.
            int last = x.length - 1;
            assertEquals(Math.hypot(x[last] - x[0], y[last] - y[0]), line.length(), 1e-12);
        }
    }

    @Test
    void saddleCellWithInsideCentreJoinsTheInsideCorners() {
        // One cell: bottom-left 1, bottom-right 0, top-right 1, top-left 0. Mean 0.5 >= 0.5, so the centre is
        // inside; each segment cuts off an outside corner (bottom-right and top-left).
        Grid cell = new Grid(new double[] {0, 1}, new double[] {0, 1}, new double[][] {{1, 0}, {0, 1}});
        List<Polyline> lines = Contours.trace(cell, 0.5).get(0).lines();
        assertEquals(2, lines.size());
        assertTrue(cutsOff(lines, 1, 0), "bottom-right corner cut off: " + lines);
        assertTrue(cutsOff(lines, 0, 1), "top-left corner cut off: " + lines);
    }

    @Test
    void saddleCellWithOutsideCentreCutsOffTheInsideCorners() {
        // Mean (0.9 + 0 + 0.9 + 0) / 4 = 0.45 < 0.5: the centre is outside, so each segment cuts off an inside
        // corner (bottom-left and top-right).
        Grid cell = new Grid(new double[] {0, 1}, new double[] {0, 1}, new double[][] {{0.9, 0}, {0, 0.9}});
        List<Polyline> lines = Contours.trace(cell, 0.5).get(0).lines();
        assertEquals(2, lines.size());
        assertTrue(cutsOff(lines, 0, 0), "bottom-left corner cut off: " + lines);
        assertTrue(cutsOff(lines, 1, 1), "top-right corner cut off: " + lines);
    }

    /** A segment joins the two edges that meet at corner (cx, cy) of the unit cell. */
    private static boolean cutsOff(List<Polyline> lines, double cx, double cy) {
        for (Polyline line : lines) {
            double[] x = line.x();
            double[] y = line.y();
            boolean touchesBothEdges = (x[0] == cx && y[1] == cy) || (x[1] == cx && y[0] == cy);
            if (x.length == 2 && touchesBothEdges) {
                return true;
            }
        }
        return false;
    }

    @Test
    void hyperbolasOfASaddleStayInTheirQuadrants() {
        // f = xy; for level c > 0 the lines are the hyperbolas in quadrants I and III, never joined across the
        // saddle point at the origin (grid points avoid 0 so the centre cells are true saddles).
        Grid grid = Grid.sample((x, y) -> x * y, -1.05, 1.05, -1.05, 1.05, 22);
        for (double c : new double[] {0.05, 0.2, 0.5}) {
            List<Polyline> lines = Contours.trace(grid, c).get(0).lines();
            assertEquals(2, lines.size(), "two branches for xy = " + c);
            for (Polyline line : lines) {
                double[] x = line.x();
                double[] y = line.y();
                double sign = Math.signum(x[0]);
                for (int k = 0; k < x.length; k++) {
                    assertEquals(sign, Math.signum(x[k]), "branch crosses the saddle: " + line);
                    assertEquals(sign, Math.signum(y[k]), "branch crosses the saddle: " + line);
                }
            }
        }
    }

    @Test
    void levelZeroOfASaddleGivesTwoCrossingLines() {
        // f = x^2 - y^2 = 0 is the pair of diagonals; every point lies on one of them.
        Grid grid = Grid.sample((x, y) -> x * x - y * y, -1, 1, -1, 1, 30);
        Contour c = Contours.trace(grid, 0).get(0);
        assertTrue(c.points() > 0);
        for (Polyline line : c.lines()) {
            double[] x = line.x();
            double[] y = line.y();
            for (int k = 0; k < x.length; k++) {
                assertEquals(Math.abs(x[k]), Math.abs(y[k]), 2.0 / 29, "point off the diagonals: " + line);
            }
        }
    }

    @Test
    void nonFiniteValuesBreakTheLineInsteadOfBendingIt() {
        // log(x^2 + y^2) is -infinity at the origin; the circle of radius 1 is far from it and stays whole.
        Grid grid = Grid.sample((x, y) -> Math.log(x * x + y * y), -2, 2, -2, 2, 41);
        Contour unit = Contours.trace(grid, 0).get(0);
        assertEquals(1, unit.lines().size());
        assertTrue(unit.lines().get(0).closed());
        // A NaN hole on the right side of the circle cuts it open.
        Grid holed = Grid.sample((x, y) -> x > 0.8 && Math.abs(y) < 0.3 ? Double.NaN : x * x + y * y, -2, 2, -2, 2, 41);
        List<Polyline> pieces = Contours.trace(holed, 1).get(0).lines();
        assertEquals(1, pieces.size());
        assertFalse(pieces.get(0).closed());
    }

    @Test
    void levelOutsideTheValuesGivesAnEmptyContour() {
        Grid grid = Grid.sample((x, y) -> x * x + y * y, -1, 1, -1, 1, 11);
        Contour c = Contours.trace(grid, 5).get(0);
        assertTrue(c.lines().isEmpty());
        assertEquals(0, c.points());
    }

    @Property(tries = 60)
    void pointsOfAnEllipseContourAreWithinTheInterpolationErrorBound(
            @ForAll @DoubleRange(min = 0.2, max = 5) double a,
            @ForAll @DoubleRange(min = 0.2, max = 5) double b,
            @ForAll @DoubleRange(min = 0.05, max = 0.95) double fraction) {
        // f = a x^2 + b y^2. On a horizontal edge f is a x^2 + const, and linear interpolation of a parabola
        // over an interval of length h is off by at most a h^2 / 4 (the interpolant's error is f'' h^2 / 8 at
        // most, and f'' = 2a); on vertical edges b h^2 / 4.
        int n = 31;
        double h = 2.0 / (n - 1);
        Grid grid = Grid.sample((x, y) -> a * x * x + b * y * y, -1, 1, -1, 1, n);
        double level = fraction * Math.min(a, b);
        Contour c = Contours.trace(grid, level).get(0);
        assertEquals(1, c.lines().size());
        assertTrue(c.lines().get(0).closed());
        double bound = Math.max(a, b) * h * h / 4 + 1e-12;
        double[] x = c.lines().get(0).x();
        double[] y = c.lines().get(0).y();
        for (int k = 0; k < x.length; k++) {
            double f = a * x[k] * x[k] + b * y[k] * y[k];
            assertTrue(Math.abs(f - level) <= bound, "f = " + f + " at a level of " + level + ", bound " + bound);
        }
    }

    @Test
    void linearAndLogLevelsFollowTheirFormulas() {
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, Contours.linearLevels(0, 1, 5), 1e-15);
        assertArrayEquals(new double[] {0.01, 0.1, 1, 10}, Contours.logLevels(0.01, 10, 4), 1e-12);
        assertArrayEquals(new double[] {3}, Contours.linearLevels(3, 3, 1));
    }

    @Test
    void quantileLevelsSplitTheValuesEvenly() {
        // f = x on [0, 1]: the values are uniform, so the quantiles (k+1)/(count+1) are the levels themselves.
        Grid grid = Grid.sample((x, y) -> x, 0, 1, 0, 1, 101);
        assertArrayEquals(new double[] {0.25, 0.5, 0.75}, Contours.quantileLevels(grid, 3), 1e-12);
    }

    @Test
    void autoLevelsAreLogSpacedForPositiveFunctionsSpanningDecades() {
        Grid bowl = Grid.sample((x, y) -> x * x + 10 * y * y, -2, 2, -1, 1, 61);
        double[] levels = Contours.autoLevels(bowl, 6);
        assertEquals(6, levels.length);
        double ratio = levels[1] / levels[0];
        assertTrue(ratio > 1);
        for (int k = 1; k < levels.length; k++) {
            assertEquals(ratio, levels[k] / levels[k - 1], 1e-9);
        }
        // A function with negative values gets quantile levels.
        Grid saddle = Grid.sample((x, y) -> x * x - y * y, -1, 1, -1, 1, 61);
        assertArrayEquals(Contours.quantileLevels(saddle, 5), Contours.autoLevels(saddle, 5));
    }

    @Test
    void badInputsFailWithClearMessages() {
        Grid grid = Grid.sample((x, y) -> x, 0, 1, 0, 1, 5);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Contours.trace(grid))
                .getMessage().contains("no levels"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Contours.trace(grid, Double.NaN))
                .getMessage().contains("finite"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Contours.logLevels(0, 1, 3))
                .getMessage().contains("0 < min"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Contours.linearLevels(1, 0, 3))
                .getMessage().contains("[1.0, 0.0]"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Grid(new double[] {0, 1}, new double[] {0, 1}, new double[][] {{1, 2, 3}, {4, 5, 6}}))
                .getMessage().contains("z row 0 has 3 values but there are 2 x values"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Grid(new double[] {0, 0}, new double[] {0, 1}, new double[][] {{1, 2}, {4, 5}}))
                .getMessage().contains("increasing"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Contours.quantileLevels(Grid.sample((x, y) -> Double.NaN, 0, 1, 0, 1, 3), 2))
                .getMessage().contains("no finite values"));
    }

    @Test
    void toStringsTeach() {
        Grid grid = Grid.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 41);
        Contour c = Contours.trace(grid, 1).get(0);
        assertEquals("Contour(f = 1.000: 1 pieces (1 closed), " + c.points() + " points)", c.toString());
        assertTrue(grid.toString().startsWith("Grid(41 x 41 points over [-2.0, 2.0]"), grid.toString());
        assertTrue(c.lines().get(0).toString().contains("closed"));
    }
}
