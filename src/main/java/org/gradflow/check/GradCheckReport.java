package org.gradflow.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The result of a {@link GradCheck}: every checked element, worst (largest relative error) first, with a
 * summary, the cost, likely causes of failure and, for networks, the layer where the gradient goes wrong.
 */
public final class GradCheckReport {

    /** How many rows {@link #toString()} shows. */
    static final int TEXT_ROWS = 20;

    /**
     * A registered parameter block.
     *
     * @param name  e.g. {@code W(2)}
     * @param shape e.g. {@code 4 x 3}
     * @param size  its number of elements
     * @param layer its layer, 0 when unknown
     */
    public record Block(String name, String shape, int size, int layer) {
    }

    /**
     * The loss evaluations a check used.
     *
     * @param base          at the unperturbed parameters (1)
     * @param central       for central differences, 2 per checked element
     * @param kinkFollowUps at {@code p +- h/2} for elements whose one-sided slopes differ
     * @param diagnostics   re-checking the worst failing element at other steps (8, only on failure)
     */
    public record Cost(int base, int central, int kinkFollowUps, int diagnostics) {

        /** All loss evaluations. */
        public int total() {
            return base + central + kinkFollowUps + diagnostics;
        }

        @Override
        public String toString() {
            return String.format("%d loss evaluations (%d at p, %d for central differences = 2 per element, "
                    + "%d kink follow-ups, %d diagnostic) vs backprop: 1 forward + 1 backward pass for the whole "
                    + "gradient", total(), base, central, kinkFollowUps, diagnostics);
        }
    }

    private final List<ElementCheck> elements;
    private final List<Block> blocks;
    private final double step;
    private final double floor;
    private final Precision precision;
    private final int sampleSize;
    private final long seed;
    private final Cost cost;
    private final List<Diagnosis> diagnoses;
    /** The output delta's formula (e.g. {@code Y - T}) when the code under check said it; null otherwise. */
    private final String outputDelta;

    GradCheckReport(List<ElementCheck> elements, List<Block> blocks, double step, double floor, Precision precision,
            int sampleSize, long seed, Cost cost, List<Diagnosis> diagnoses, String outputDelta) {
        this.outputDelta = outputDelta;
        List<ElementCheck> sorted = new ArrayList<>(elements);
        sorted.sort(Comparator.comparingDouble(ElementCheck::relativeError).reversed());
        this.elements = List.copyOf(sorted);
        this.blocks = List.copyOf(blocks);
        this.step = step;
        this.floor = floor;
        this.precision = precision;
        this.sampleSize = sampleSize;
        this.seed = seed;
        this.cost = cost;
        this.diagnoses = List.copyOf(diagnoses);
    }

    /** Every checked element, largest relative error first. */
    public List<ElementCheck> elements() {
        return elements;
    }

    /** The element with the largest relative error. */
    public ElementCheck worst() {
        return elements.get(0);
    }

    /** The check passed: every element is FINE or ACCEPTABLE, or off only because of a kink within the step. */
    public boolean passed() {
        return failures().isEmpty();
    }

    /** The elements that did not pass, worst first. */
    public List<ElementCheck> failures() {
        return elements.stream().filter(e -> !e.passed()).toList();
    }

    /** The checked element with this name, e.g. {@code "W(2)[0,1]"}. */
    public ElementCheck element(String name) {
        return elements.stream().filter(e -> e.element().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("GradCheckReport.element: " + name + " was not checked"));
    }

    /** How many elements fell in each verdict band. */
    public Map<Verdict, Integer> counts() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        elements.forEach(e -> counts.merge(e.verdict(), 1, Integer::sum));
        return counts;
    }

    /** The number of loss evaluations the check used, diagnostics included. */
    public int evaluations() {
        return cost.total();
    }

    /** The loss evaluations by purpose. */
    public Cost cost() {
        return cost;
    }

    /** The likely causes of failure with their evidence (empty when every element passed outright). */
    public List<Diagnosis> diagnoses() {
        return diagnoses;
    }

    /** The likely causes of failure, most specific evidence first. */
    public List<Hint> hints() {
        return diagnoses.stream().map(Diagnosis::hint).toList();
    }

    /** The step h. */
    public double step() {
        return step;
    }

    /** The precision the loss was evaluated in. */
    public Precision precision() {
        return precision;
    }

    /** The registered parameter blocks, in registration order. */
    public List<Block> blocks() {
        return blocks;
    }

    /** Elements checked per parameter when sampling, 0 when every element was checked. */
    public int sampleSize() {
        return sampleSize;
    }

    /** The seed of the random sample (meaningful when {@link #sampleSize()} > 0). */
    public long seed() {
        return seed;
    }

    /** The number of elements of all parameters, checked or not. */
    public int totalElements() {
        return blocks.stream().mapToInt(Block::size).sum();
    }

    /**
     * The first layer, counting backwards from the output, whose gradient is wrong, with advice on where in
     * the delta recursion to look. Layers come from block names ending in {@code (r)} or from
     * {@link GradCheck#layer(int)}.
     */
    public Localisation localise() {
        Map<Integer, Set<String>> wrongByLayer = new TreeMap<>();
        Map<Integer, Set<String>> checkedByLayer = new TreeMap<>();
        for (Block b : blocks) {
            if (b.layer() > 0) {
                wrongByLayer.computeIfAbsent(b.layer(), r -> new LinkedHashSet<>());
                checkedByLayer.computeIfAbsent(b.layer(), r -> new LinkedHashSet<>()).add(b.name());
            }
        }
        if (checkedByLayer.isEmpty()) {
            throw new IllegalStateException("GradCheckReport.localise: no parameter has a layer; name blocks like "
                    + "W(2), b(2) or call layer(r) after param(...)");
        }
        for (ElementCheck e : failures()) {
            if (e.layer() > 0) {
                wrongByLayer.get(e.layer()).add(e.parameter());
            }
        }
        List<Integer> layers = new ArrayList<>(checkedByLayer.keySet());
        int top = layers.get(layers.size() - 1);
        for (int i = layers.size() - 1; i >= 0; i--) {
            int r = layers.get(i);
            Set<String> wrong = wrongByLayer.get(r);
            if (wrong.isEmpty()) {
                continue;
            }
            List<String> correct = checkedByLayer.get(r).stream().filter(n -> !wrong.contains(n)).toList();
            List<Integer> above = layers.subList(i + 1, layers.size());
            List<Integer> below = new ArrayList<>();
            for (int j = i - 1; j >= 0; j--) {
                if (!wrongByLayer.get(layers.get(j)).isEmpty()) {
                    below.add(layers.get(j));
                }
            }
            return new Localisation(r, List.copyOf(wrong), correct, List.copyOf(above), below,
                    advice(r, top, wrong, correct, outputDelta));
        }
        return new Localisation(0, List.of(), List.of(), List.copyOf(layers), List.of(),
                "every checked layer's gradient is right");
    }

    /**
     * Where to look, using the notation W(r), b(r) when the names follow it; the output delta's formula only when the
     * code under check gave it ({@link GradCheck#outputDelta}), since a learner's own loss has its own.
     */
    private static String advice(int r, int top, Set<String> wrong, List<String> correct, String outputDelta) {
        boolean wrongW = wrong.stream().anyMatch(n -> n.startsWith("W"));
        boolean wrongB = wrong.stream().anyMatch(n -> n.startsWith("b"));
        boolean rightW = correct.stream().anyMatch(n -> n.startsWith("W"));
        boolean rightB = correct.stream().anyMatch(n -> n.startsWith("b"));
        if (wrongW && rightB) {
            return "db(" + r + ") is right, so Delta(" + r + ") is right: look at dW(" + r + ") = Delta(" + r
                    + ") Z(" + (r - 1) + ")^T (the transpose, the activations Z(" + (r - 1) + "), the 1/B)";
        }
        if (wrongB && rightW) {
            return "dW(" + r + ") is right, so Delta(" + r + ") is right: look at db(" + r + ") = Delta(" + r
                    + ") summed over the batch (the sum, the 1/B)";
        }
        if (r == top) {
            return "the output layer is wrong: look at the output delta Delta(" + r + ") = "
                    + (outputDelta == null ? "dL/dA(" + r + ") (the derivative of the loss with respect to the output"
                    + " layer's pre-activations)" : outputDelta) + " and the 1/B of the batch mean";
        }
        return "look at the delta recursion step from layer " + (r + 1) + " to layer " + r + ": Delta(" + r
                + ") = f'(A(" + r + ")) o W(" + (r + 1) + ")^T Delta(" + (r + 1) + ")";
    }

    private static String kinkNote(ElementCheck e) {
        return e.kinkNote().isEmpty() ? "" : "  (" + e.kinkNote() + ")";
    }

    /** The summary, the likely causes and the {@value #TEXT_ROWS} worst elements. */
    @Override
    public String toString() {
        return toText(TEXT_ROWS);
    }

    /** The summary, the likely causes and the {@code rows} worst elements as text. */
    public String toText(int rows) {
        StringBuilder s = new StringBuilder(summary());
        s.append(String.format("%-18s %15s %15s %10s  %s%n", "element", "analytic", "numeric", "rel.error",
                "verdict"));
        int shown = Math.min(rows, elements.size());
        for (int i = 0; i < shown; i++) {
            ElementCheck e = elements.get(i);
            s.append(String.format("%-18s %15.8g %15.8g %10.1e  %s%s%n", e.element(), e.analytic(), e.numeric(),
                    e.relativeError(), e.verdict().name(), kinkNote(e)));
        }
        if (elements.size() > shown) {
            s.append(String.format("... %d more (toText(n) or Tables.of(report) shows all)%n", elements.size() - shown));
        }
        return s.toString();
    }

    /** The verdict, settings, worst element, counts per verdict, cost, likely causes and localisation, as text. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append("Gradient check ").append(passed() ? "PASSED" : "FAILED")
                .append(String.format(": central differences, h = %.0e, %s precision, relative error |a-n|/max(|a|,|n|)"
                        + " (absolute below %.0e)%n", step, precision.name().toLowerCase(), floor));
        s.append(String.format("checked %d of %d elements", elements.size(), totalElements()));
        if (sampleSize > 0) {
            s.append(String.format(" (random sample of up to %d per parameter, seed %d)", sampleSize, seed));
        }
        s.append(String.format("%n"));
        ElementCheck w = worst();
        s.append(String.format("worst: %s  analytic %.6g  numeric %.6g  relative error %.1e  %s%s%n", w.element(),
                w.analytic(), w.numeric(), w.relativeError(), w.verdict().name(), kinkNote(w)));
        s.append("verdicts:");
        counts().forEach((v, n) -> s.append(' ').append(v.name()).append(' ').append(n));
        long kinks = elements.stream().filter(e -> e.kink() != Kink.NONE).count();
        if (kinks > 0) {
            s.append(String.format("; %d element(s) with a kink within the step", kinks));
        }
        s.append(String.format("%ncost: %s%n", cost));
        if (!diagnoses.isEmpty()) {
            s.append("likely causes:").append(String.format("%n"));
            diagnoses.forEach(d -> s.append("  - ").append(d).append(String.format("%n")));
        }
        if (!passed() && blocks.stream().anyMatch(b -> b.layer() > 0)) {
            s.append("localisation: ").append(localise()).append(String.format("%n"));
        }
        return s.toString();
    }
}
