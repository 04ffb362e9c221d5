package org.gradflow.viz;

import java.util.List;
import java.util.Objects;

/**
 * The contour line f(x, y) = level: every place where the sampled function crosses the level, as polylines.
 *
 * @param level the value of f along the line
 * @param lines its connected pieces (empty when f never crosses the level on the grid)
 */
public record Contour(double level, List<Polyline> lines) {

    /** Copies the list. */
    public Contour {
        lines = List.copyOf(Objects.requireNonNull(lines, "Contour: lines are null"));
    }

    /** Total number of points over all pieces. */
    public int points() {
        return lines.stream().mapToInt(Polyline::size).sum();
    }

    @Override
    public String toString() {
        long closed = lines.stream().filter(Polyline::closed).count();
        return String.format("Contour(f = %.4g: %d pieces (%d closed), %d points)", level, lines.size(), closed,
                points());
    }
}
