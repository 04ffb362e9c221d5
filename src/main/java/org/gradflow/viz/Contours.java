package org.gradflow.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Contour lines of a sampled function of two variables, by marching squares (XChart has no contour chart).
 *
 * <p>Each grid cell is looked at on its own: a corner is "inside" when its value is {@code >= level}; the line
 * crosses each cell edge whose two corners differ, at the point found by linear interpolation along the edge.
 * A cell with two crossed edges gets one segment. A cell with four (a saddle: diagonal corners inside) is
 * resolved by the mean of its four corners: if the centre is inside, the inside corners are joined through the
 * centre, so each segment cuts off an outside corner; otherwise each segment cuts off an inside corner. Every
 * crossing point is computed from its edge alone, so neighbouring cells agree on it, and segments are joined
 * into polylines through the edges they share. Cells with a non-finite corner are skipped (the line breaks there).
 *
 * <pre>{@code
 * Grid grid = Grid.sample((x, y) -> x * x + 10 * y * y, -2, 2, -1, 1, 101);
 * List<Contour> contours = Contours.trace(grid, Contours.autoLevels(grid, 10));
 * }</pre>
 */
public final class Contours {

    private Contours() {
    }

    /** The contour line of every level, in the order given. */
    public static List<Contour> trace(Grid grid, double... levels) {
        Objects.requireNonNull(grid, "Contours.trace: grid is null");
        Objects.requireNonNull(levels, "Contours.trace: levels are null");
        if (levels.length == 0) {
            throw new IllegalArgumentException("Contours.trace: no levels given");
        }
        List<Contour> out = new ArrayList<>();
        for (double level : levels) {
            if (!Double.isFinite(level)) {
                throw new IllegalArgumentException("Contours.trace: levels must be finite, got "
                        + Arrays.toString(levels));
            }
            out.add(new Contour(level, trace(grid, level)));
        }
        return out;
    }

    /** Polylines along f = level. */
    private static List<Polyline> trace(Grid g, double level) {
        int nx = g.nx();
        List<int[]> segments = new ArrayList<>();
        int[] crossed = new int[4];
        boolean[] inside = new boolean[4];
        int[] edge = new int[4];
        for (int j = 0; j + 1 < g.ny(); j++) {
            for (int i = 0; i + 1 < nx; i++) {
                // Corners counter-clockwise from bottom-left; edge k joins corner k and corner k+1.
                double[] v = {g.zAt(i, j), g.zAt(i + 1, j), g.zAt(i + 1, j + 1), g.zAt(i, j + 1)};
                if (!(Double.isFinite(v[0]) && Double.isFinite(v[1]) && Double.isFinite(v[2]) && Double.isFinite(v[3]))) {
                    continue;
                }
                int crossings = 0;
                for (int k = 0; k < 4; k++) {
                    inside[k] = v[k] >= level;
                }
                edge[0] = horizontalEdge(nx, i, j);
                edge[1] = verticalEdge(nx, i + 1, j);
                edge[2] = horizontalEdge(nx, i, j + 1);
                edge[3] = verticalEdge(nx, i, j);
                for (int k = 0; k < 4; k++) {
                    if (inside[k] != inside[(k + 1) % 4]) {
                        crossed[crossings++] = k;
                    }
                }
                if (crossings == 2) {
                    segments.add(new int[] {edge[crossed[0]], edge[crossed[1]]});
                } else if (crossings == 4) {
                    boolean centreInside = (v[0] + v[1] + v[2] + v[3]) / 4 >= level;
                    for (int k = 0; k < 4; k++) {
                        if (inside[k] != centreInside) {
                            // Cut off corner k: it touches edge k-1 and edge k.
                            segments.add(new int[] {edge[(k + 3) % 4], edge[k]});
                        }
                    }
                }
            }
        }
        return join(g, level, segments);
    }

    private static int horizontalEdge(int nx, int i, int j) {
        return 2 * (j * nx + i);
    }

    private static int verticalEdge(int nx, int i, int j) {
        return 2 * (j * nx + i) + 1;
    }

    /** Chains segments that share an edge crossing: open chains from their free ends first, then loops. */
    private static List<Polyline> join(Grid g, double level, List<int[]> segments) {
        Map<Integer, List<Integer>> atEdge = new HashMap<>();
        for (int s = 0; s < segments.size(); s++) {
            for (int e : segments.get(s)) {
                atEdge.computeIfAbsent(e, key -> new ArrayList<>(2)).add(s);
            }
        }
        boolean[] used = new boolean[segments.size()];
        List<Polyline> lines = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            for (int e : segments.get(s)) {
                if (!used[s] && atEdge.get(e).size() == 1) {
                    lines.add(walk(g, level, segments, atEdge, used, s, e));
                }
            }
        }
        for (int s = 0; s < segments.size(); s++) {
            if (!used[s]) {
                lines.add(walk(g, level, segments, atEdge, used, s, segments.get(s)[0]));
            }
        }
        return lines;
    }

    private static Polyline walk(Grid g, double level, List<int[]> segments, Map<Integer, List<Integer>> atEdge,
            boolean[] used, int first, int start) {
        List<Integer> edges = new ArrayList<>();
        edges.add(start);
        int current = first;
        int from = start;
        while (true) {
            used[current] = true;
            int[] seg = segments.get(current);
            int next = seg[0] == from ? seg[1] : seg[0];
            edges.add(next);
            int following = -1;
            for (int s : atEdge.get(next)) {
                if (!used[s]) {
                    following = s;
                }
            }
            if (following < 0) {
                break;
            }
            current = following;
            from = next;
        }
        double[] x = new double[edges.size()];
        double[] y = new double[edges.size()];
        for (int k = 0; k < edges.size(); k++) {
            crossing(g, level, edges.get(k), x, y, k);
        }
        boolean closed = edges.size() > 2 && edges.get(0).equals(edges.get(edges.size() - 1));
        return new Polyline(x, y, closed);
    }

    /** Where f = level on the edge with this id, by linear interpolation between its two grid points. */
    private static void crossing(Grid g, double level, int id, double[] x, double[] y, int k) {
        int node = id / 2;
        int i = node % g.nx();
        int j = node / g.nx();
        boolean vertical = id % 2 == 1;
        int i2 = vertical ? i : i + 1;
        int j2 = vertical ? j + 1 : j;
        double za = g.zAt(i, j);
        double zb = g.zAt(i2, j2);
        double t = (level - za) / (zb - za);
        x[k] = g.xAt(i) + t * (g.xAt(i2) - g.xAt(i));
        y[k] = g.yAt(j) + t * (g.yAt(j2) - g.yAt(j));
    }

    /** {@code count} evenly spaced levels from min to max inclusive: min + k (max - min) / (count - 1). */
    public static double[] linearLevels(double min, double max, int count) {
        checkLevelArgs("Contours.linearLevels", min, max, count);
        double[] levels = new double[count];
        for (int k = 0; k < count; k++) {
            levels[k] = count == 1 ? min : min + (max - min) * k / (count - 1);
        }
        return levels;
    }

    /** {@code count} levels from min to max inclusive with a constant ratio: min (max / min)^(k / (count - 1)). */
    public static double[] logLevels(double min, double max, int count) {
        checkLevelArgs("Contours.logLevels", min, max, count);
        if (!(min > 0)) {
            throw new IllegalArgumentException("Contours.logLevels: needs 0 < min, got min = " + min);
        }
        double[] levels = new double[count];
        for (int k = 0; k < count; k++) {
            levels[k] = count == 1 ? min : min * Math.pow(max / min, (double) k / (count - 1));
        }
        return levels;
    }

    /**
     * {@code count} levels at the quantiles (k + 1) / (count + 1) of the grid's finite values, so each band
     * between neighbouring levels covers about the same area; repeated values are dropped.
     */
    public static double[] quantileLevels(Grid grid, int count) {
        Objects.requireNonNull(grid, "Contours.quantileLevels: grid is null");
        if (count < 1) {
            throw new IllegalArgumentException("Contours.quantileLevels: count must be >= 1, got " + count);
        }
        double[] sorted = sortedFiniteValues(grid, "Contours.quantileLevels");
        double[] levels = new double[count];
        for (int k = 0; k < count; k++) {
            levels[k] = quantile(sorted, (k + 1.0) / (count + 1));
        }
        return Arrays.stream(levels).distinct().toArray();
    }

    /**
     * Levels suited to the function: for a function whose values are all {@code >= 0} and span at least two
     * decades (between the 1% and 95% quantiles), {@code count} log-spaced levels between those quantiles, which
     * show the detail near a minimum the way loss surfaces need; otherwise {@link #quantileLevels}.
     */
    public static double[] autoLevels(Grid grid, int count) {
        Objects.requireNonNull(grid, "Contours.autoLevels: grid is null");
        if (count < 1) {
            throw new IllegalArgumentException("Contours.autoLevels: count must be >= 1, got " + count);
        }
        double[] sorted = sortedFiniteValues(grid, "Contours.autoLevels");
        double low = quantile(sorted, 0.01);
        double high = quantile(sorted, 0.95);
        if (sorted[0] >= 0 && low > 0 && high / low >= 100 && count >= 2) {
            return logLevels(low, high, count);
        }
        return quantileLevels(grid, count);
    }

    private static double[] sortedFiniteValues(Grid grid, String operation) {
        double[] values = grid.finiteValues();
        if (values.length == 0) {
            throw new IllegalArgumentException(operation + ": the grid has no finite values");
        }
        Arrays.sort(values);
        return values;
    }

    /** Linear interpolation between order statistics. */
    private static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int k = (int) Math.floor(pos);
        if (k + 1 >= sorted.length) {
            return sorted[sorted.length - 1];
        }
        return sorted[k] + (pos - k) * (sorted[k + 1] - sorted[k]);
    }

    private static void checkLevelArgs(String operation, double min, double max, int count) {
        if (count < 1) {
            throw new IllegalArgumentException(operation + ": count must be >= 1, got " + count);
        }
        if (!(Double.isFinite(min) && Double.isFinite(max) && min <= max) || (count > 1 && min == max)) {
            throw new IllegalArgumentException(operation + ": needs finite min < max, got [" + min + ", " + max
                    + "] for " + count + " levels");
        }
    }
}
