package org.gradflow.viz;

import java.awt.Color;

/**
 * Colours that colour-blind readers can tell apart: the Okabe–Ito palette for series, and the
 * viridis ramp for ordered values (contour levels, heat maps).
 */
public final class Palette {

    /** Okabe–Ito series colours, in the order series receive them: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black. */
    private static final Color[] SERIES = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
        new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000)
    };

    /** Anchors of the viridis ramp, from dark purple (0) to yellow (1). */
    private static final Color[] VIRIDIS = {
        new Color(0x440154), new Color(0x482878), new Color(0x3E4A89), new Color(0x31688E),
        new Color(0x26828E), new Color(0x1F9E89), new Color(0x35B779), new Color(0x6DCD59),
        new Color(0xB4DE2C), new Color(0xFDE725)
    };

    private Palette() {
    }

    /** The series colours (a copy), in the order series receive them. */
    public static Color[] series() {
        return SERIES.clone();
    }

    /** The colour of series number {@code i} (0-based), cycling after the eighth. */
    public static Color series(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("Palette.series: index must be >= 0, got " + i);
        }
        return SERIES[i % SERIES.length];
    }

    /** The viridis colour at {@code t} in [0, 1], linearly interpolated between its anchors. */
    public static Color viridis(double t) {
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("Palette.viridis: t must be in [0, 1], got " + t);
        }
        double pos = t * (VIRIDIS.length - 1);
        int k = Math.min((int) pos, VIRIDIS.length - 2);
        double u = pos - k;
        Color a = VIRIDIS[k];
        Color b = VIRIDIS[k + 1];
        return new Color(
                (int) Math.round(a.getRed() + u * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + u * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + u * (b.getBlue() - a.getBlue())));
    }

    /** {@code count} viridis colours evenly spread from 0 to 1 (one colour is the middle of the ramp). */
    public static Color[] viridis(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("Palette.viridis: count must be >= 1, got " + count);
        }
        Color[] colors = new Color[count];
        for (int k = 0; k < count; k++) {
            colors[k] = viridis(count == 1 ? 0.5 : (double) k / (count - 1));
        }
        return colors;
    }

    /** The same colour with opacity {@code alpha} in [0, 1]. */
    public static Color withAlpha(Color color, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("Palette.withAlpha: alpha must be in [0, 1], got " + alpha);
        }
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), (int) Math.round(alpha * 255));
    }
}
