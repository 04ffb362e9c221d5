package org.gradflow.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.knowm.xchart.HeatMapChart;

/**
 * Small grayscale images (such as 8 x 8 digits) as pictures: one image as a heat map chart, many as a captioned
 * grid. Pixels are given as rows (row 0 on top); the lowest value is drawn white (paper) and the highest black
 * (ink), on one scale shared by all images of a grid so they can be compared.
 */
public final class Images {

    /** Side of one image in the grid, in screen pixels, when {@link #grid} is not told otherwise. */
    public static final int DEFAULT_CELL = 64;

    private static final int PAD = 10;

    private Images() {
    }

    /** A flat row-major pixel vector (e.g. one column of a data matrix) as rows of {@code width} pixels. */
    public static double[][] reshape(double[] pixels, int width) {
        Objects.requireNonNull(pixels, "Images.reshape: pixels are null");
        if (width < 1 || pixels.length == 0 || pixels.length % width != 0) {
            throw new IllegalArgumentException("Images.reshape: " + pixels.length + " pixels do not make rows of width "
                    + width);
        }
        double[][] rows = new double[pixels.length / width][width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(pixels, r * width, rows[r], 0, width);
        }
        return rows;
    }

    /** One image as a grayscale heat map chart, with pixel rows and columns on the axes. */
    public static HeatMapChart chart(String title, double[][] image) {
        return Charts.heatMap(title, "pixel column", "pixel row").values(image).legend("intensity").grayscale()
                .size(420, 400).build();
    }

    /**
     * A grid of captioned images, {@code columns} per row, {@value #DEFAULT_CELL} screen pixels per image.
     * (For a list of one image write {@code List.<double[][]>of(image)}, or use {@link #chart}.)
     */
    public static BufferedImage grid(String title, List<double[][]> images, List<String> captions, int columns) {
        return grid(title, images, captions, columns, DEFAULT_CELL);
    }

    /**
     * A grid of captioned images under a title, {@code columns} per row, each image scaled to about {@code cell}
     * screen pixels per side (nearest neighbour, so pixels stay square and sharp).
     */
    public static BufferedImage grid(String title, List<double[][]> images, List<String> captions, int columns,
            int cell) {
        PlotBuilder.requireText("Images.grid", "title", title);
        Objects.requireNonNull(images, "Images.grid: images are null");
        Objects.requireNonNull(captions, "Images.grid: captions are null");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("Images.grid: no images");
        }
        if (captions.size() != images.size()) {
            throw new IllegalArgumentException("Images.grid: " + images.size() + " images but " + captions.size()
                    + " captions");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("Images.grid: columns must be >= 1, got " + columns);
        }
        if (cell < 8) {
            throw new IllegalArgumentException("Images.grid: cell must be >= 8 screen pixels, got " + cell);
        }
        double[] range = checkAndRange(images);
        int h = images.get(0).length;
        int w = images.get(0)[0].length;
        int scale = Math.max(1, cell / Math.max(h, w));
        int rows = (images.size() + columns - 1) / columns;
        Font titleFont = new Font(Style.FONT, Font.BOLD, 15);
        Font captionFont = new Font(Style.FONT, Font.PLAIN, 12);
        int titleHeight = 28;
        int captionHeight = 18;
        int cellW = Math.max(w * scale, 40);
        int width = Math.max(PAD + columns * (cellW + PAD), 240);
        int height = titleHeight + PAD + rows * (h * scale + captionHeight + PAD);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(titleFont);
            g.drawString(title, PAD, 20);
            g.setFont(captionFont);
            FontMetrics fm = g.getFontMetrics();
            for (int k = 0; k < images.size(); k++) {
                int x0 = PAD + (k % columns) * (cellW + PAD) + (cellW - w * scale) / 2;
                int y0 = titleHeight + PAD + (k / columns) * (h * scale + captionHeight + PAD);
                double[][] image = images.get(k);
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < w; c++) {
                        int level = (int) Math.round(255 * (1 - (image[r][c] - range[0]) / (range[1] - range[0])));
                        g.setColor(new Color(level, level, level));
                        g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
                    }
                }
                g.setColor(new Color(0xBBBBBB));
                g.drawRect(x0 - 1, y0 - 1, w * scale + 1, h * scale + 1);
                String caption = Objects.requireNonNullElse(captions.get(k), "");
                g.setColor(Color.BLACK);
                g.drawString(caption, x0 + (w * scale - fm.stringWidth(caption)) / 2, y0 + h * scale + 14);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The image as PNG bytes. */
    public static byte[] toPng(BufferedImage image) {
        Objects.requireNonNull(image, "Images.toPng: image is null");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("Images.toPng: could not encode the image", e);
        }
        return out.toByteArray();
    }

    /** All images have the same non-empty shape and finite pixels; returns {min, max} over all pixels (max > min). */
    private static double[] checkAndRange(List<double[][]> images) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[][] first = Objects.requireNonNull(images.get(0), "Images.grid: image 0 is null");
        if (first.length == 0 || first[0] == null || first[0].length == 0) {
            throw new IllegalArgumentException("Images.grid: image 0 has no pixels");
        }
        for (int k = 0; k < images.size(); k++) {
            double[][] image = Objects.requireNonNull(images.get(k), "Images.grid: image " + k + " is null");
            if (image.length != first.length) {
                throw new IllegalArgumentException("Images.grid: image " + k + " has " + image.length
                        + " rows but image 0 has " + first.length);
            }
            for (int r = 0; r < image.length; r++) {
                if (image[r] == null || image[r].length != first[0].length) {
                    throw new IllegalArgumentException("Images.grid: image " + k + " row " + r + " has "
                            + (image[r] == null ? 0 : image[r].length) + " pixels but image 0 rows have "
                            + first[0].length);
                }
                for (int c = 0; c < image[r].length; c++) {
                    double v = image[r][c];
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("Images.grid: image " + k + " pixel (" + r + ", " + c
                                + ") = " + v);
                    }
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return new double[] {min, max > min ? max : min + 1};
    }
}
