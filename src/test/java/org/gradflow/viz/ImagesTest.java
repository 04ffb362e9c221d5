package org.gradflow.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;

class ImagesTest {

    /** An 8 x 8 image that is 0 everywhere except one pixel of 16 at (row, col). */
    private static double[][] dot(int row, int col) {
        double[][] image = new double[8][8];
        image[row][col] = 16;
        return image;
    }

    @Test
    void reshapeCutsARowMajorVectorIntoRows() {
        double[][] rows = Images.reshape(new double[] {1, 2, 3, 4, 5, 6}, 3);
        assertArrayEquals(new double[][] {{1, 2, 3}, {4, 5, 6}}, rows);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Images.reshape(new double[5], 2)).getMessage()
                .contains("5 pixels do not make rows of width 2"));
    }

    @Test
    void gridDrawsInkBlackAndPaperWhiteAtTheRightPlace() {
        BufferedImage grid = Images.grid("Digits", List.of(dot(0, 0), dot(7, 7), dot(3, 4)), List.of("a", "b", "c"), 2);
        int scale = Images.DEFAULT_CELL / 8;
        // Layout: padding 10, title 28; cells 64 wide (8 px per pixel) in columns of 64 + 10.
        int x0 = 10;
        int y0 = 28 + 10;
        assertEquals(Color.BLACK.getRGB(), grid.getRGB(x0 + scale / 2, y0 + scale / 2), "ink of image 0 at (0, 0)");
        assertEquals(Color.WHITE.getRGB(), grid.getRGB(x0 + scale + scale / 2, y0 + scale / 2), "paper next to it");
        int x1 = x0 + 64 + 10;
        assertEquals(Color.BLACK.getRGB(), grid.getRGB(x1 + 7 * scale + scale / 2, y0 + 7 * scale + scale / 2),
                "ink of image 1 at (7, 7)");
        assertTrue(grid.getWidth() >= 2 * 74 + 10);
        assertTrue(grid.getHeight() > 2 * 64, "two rows of images");
    }

    @Test
    void pngBytesDecode() throws Exception {
        BufferedImage grid = Images.grid("Digits", List.<double[][]>of(dot(1, 1)), List.of("1"), 1);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(Images.toPng(grid)));
        assertEquals(grid.getWidth(), back.getWidth());
        assertEquals(grid.getRGB(14, 42), back.getRGB(14, 42));
    }

    @Test
    void singleImageChartIsGrayscaleWithRowZeroOnTop() {
        HeatMapChart chart = Images.chart("Digit", dot(0, 2));
        assertEquals("Digit", chart.getTitle());
        assertEquals("7", chart.getHeatMapSeries().getYData().get(0), "bottom row is row 7");
        assertArrayEquals(HeatMapPlot.GRAYS, chart.getStyler().getRangeColors());
    }

    @Test
    void badImagesFailClearly() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Images.grid("D", List.of(dot(0, 0), new double[4][4]), List.of("a", "b"), 2)).getMessage()
                .contains("image 1 has 4 rows but image 0 has 8"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Images.grid("D", List.<double[][]>of(dot(0, 0)), List.of(), 2)).getMessage()
                .contains("1 images but 0 captions"));
        double[][] nan = dot(0, 0);
        nan[2][3] = Double.NaN;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Images.grid("D", List.<double[][]>of(nan), List.of("x"), 1))
                .getMessage().contains("image 0 pixel (2, 3) = NaN"));
    }
}
