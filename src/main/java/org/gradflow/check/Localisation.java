package org.gradflow.check;

import java.util.List;

/**
 * Where a network's gradient first goes wrong, counting backwards from the output: backprop computes the
 * layers from R+1 down to 1, and a mistake at layer r spoils every layer below it through the delta
 * recursion, so the highest wrong layer is where to look.
 *
 * @param layer        the highest layer with a wrong gradient, or 0 when every checked layer is right
 * @param wrong        the blocks of that layer whose gradient is wrong
 * @param correct      the blocks of that layer whose gradient is right
 * @param correctAbove the layers above it (all correct), highest last
 * @param wrongBelow   the layers below it that are wrong too, highest first
 * @param advice       where in the backward pass to look
 */
public record Localisation(int layer, List<String> wrong, List<String> correct, List<Integer> correctAbove,
        List<Integer> wrongBelow, String advice) {

    /** True when some layer's gradient is wrong. */
    public boolean found() {
        return layer > 0;
    }

    @Override
    public String toString() {
        if (!found()) {
            return "all layers correct";
        }
        StringBuilder s = new StringBuilder("layer " + layer + ": ");
        s.append(String.join(", ", wrong.stream().map(n -> "d" + n).toList())).append(" wrong");
        if (!correct.isEmpty()) {
            s.append(", ").append(String.join(", ", correct.stream().map(n -> "d" + n).toList())).append(" correct");
        }
        if (!correctAbove.isEmpty()) {
            s.append("; layers ").append(correctAbove.get(0)).append("..")
                    .append(correctAbove.get(correctAbove.size() - 1)).append(" correct");
        }
        if (!wrongBelow.isEmpty()) {
            s.append("; layers below (").append(String.join(", ", wrongBelow.stream().map(String::valueOf).toList()))
                    .append(") wrong too, as errors flow backwards: fix layer ").append(layer).append(" first");
        }
        return s.append("; ").append(advice).toString();
    }
}
