package org.gradflow.viz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.gradflow.graph.BackwardWalk;
import org.gradflow.graph.Graph;
import org.gradflow.graph.Value;

/**
 * The backward pass to watch: one {@link GraphPicture} per step of a {@link BackwardWalk}, and all of them as
 * one self-contained HTML animation.
 *
 * <p>Frame 0 shows the seed ({@code dL/dL = 1}); frame {@code k} highlights the node of step {@code k}, draws the
 * arrows into it in the gradient colour (the gradient flows back along them), shows in every box the gradient
 * accumulated so far and writes the step's rule with its numbers as the caption; the last frame shows the
 * finished pass, whose gradients are those of {@link Value#backward()}. Making a stepper changes no gradient.
 *
 * <pre>
 * Value x = Value.of(2, "x"), y = Value.of(3, "y");
 * Value L = x.times(y).label("m").plus(x).label("L");
 * BackwardStepper stepper = BackwardStepper.of(L);   // the kernel shows it as HTML with Prev / Next / Play
 * </pre>
 *
 * <p>{@link #toHtml()} holds every frame as inline SVG, with a few lines of inline JavaScript for the
 * Prev / Next / Play buttons and no network access. Where scripts do not run (an untrusted notebook, an
 * HTML export viewed with scripts off) the frames stand one under another, so every step is still there.
 * This class only builds; the kernel displays ({@code display(stepper)}, or {@code animate(stepper, ms)} to
 * redraw one picture in place).
 */
public final class BackwardStepper {

    /** The pace of the Play button unless another is given, in milliseconds per frame. */
    public static final int DEFAULT_MILLIS = 1500;

    /** Counts the HTML blocks made, so that each has its own id. */
    private static final AtomicLong SHOWN = new AtomicLong();

    private final BackwardWalk walk;
    private final String title;
    private final List<Svg> frames;
    private final List<List<String>> captions;

    private BackwardStepper(BackwardWalk walk, String title) {
        this.walk = walk;
        this.title = title;
        Graph graph = walk.graph();
        List<BackwardWalk.Step> steps = walk.steps();
        String out = graph.name(graph.output());
        List<List<String>> text = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        List<double[]> grads = new ArrayList<>();
        text.add(List.of("start: " + out + ".grad = d" + out + "/d" + out + " = 1; every other gradient is 0 until"
                + " the walk reaches it"));
        current.add(-1);
        grads.add(walk.gradientsAfter(0));
        for (BackwardWalk.Step step : steps) {
            List<String> lines = new ArrayList<>();
            lines.add("step " + step.number() + " of " + steps.size() + ": " + step.equation() + ", "
                    + step.name() + ".grad = " + Graph.format(step.grad()));
            for (BackwardWalk.Contribution c : step.contributions()) {
                lines.add("  " + c.rule());
            }
            text.add(lines);
            current.add(graph.indexOf(step.node()));
            grads.add(walk.gradientsAfter(step.number()));
        }
        text.add(List.of("done: every gradient is complete, as backward() leaves it"));
        current.add(-1);
        grads.add(walk.gradientsAfter(steps.size()));

        int[] gradChars = GraphPicture.gradWidths(graph, grads);
        List<String> allLines = new ArrayList<>();
        text.forEach(allLines::addAll);
        double width = GraphPicture.widthFor(allLines);
        String key = Integer.toHexString(Objects.hash(title, walk.toString()));
        List<Svg> pictures = new ArrayList<>();
        for (int k = 0; k < text.size(); k++) {
            String frameTitle = title + " (frame " + (k + 1) + " of " + text.size() + ")";
            pictures.add(GraphPicture.draw(graph, frameTitle, new GraphPicture.Frame(grads.get(k), current.get(k),
                    text.get(k), "gf-arrow-" + key + "-" + k, gradChars, width)));
        }
        this.frames = Collections.unmodifiableList(pictures);
        this.captions = Collections.unmodifiableList(text);
    }

    /** The stepper of the backward pass from {@code output}, titled after it. */
    public static BackwardStepper of(Value output) {
        Objects.requireNonNull(output, "BackwardStepper.of: output is null");
        BackwardWalk walk = BackwardWalk.of(output);
        return new BackwardStepper(walk, "backward pass of " + walk.graph().name(output));
    }

    /** The stepper of the backward pass from {@code output}, with the given title. */
    public static BackwardStepper of(Value output, String title) {
        Objects.requireNonNull(output, "BackwardStepper.of: output is null");
        Objects.requireNonNull(title, "BackwardStepper.of: title is null");
        return new BackwardStepper(BackwardWalk.of(output), title);
    }

    /** The recorded steps the frames draw. */
    public BackwardWalk walk() {
        return walk;
    }

    /** The pictures: the seed, one per step, the finished pass ({@code steps + 2} in all). */
    public List<Svg> frames() {
        return frames;
    }

    /** The caption lines of each frame (the rule with its numbers for a step). */
    public List<List<String>> captions() {
        return captions;
    }

    /** The animation as HTML, playing at {@link #DEFAULT_MILLIS} per frame. */
    public String toHtml() {
        return toHtml(DEFAULT_MILLIS);
    }

    /**
     * The animation as one self-contained HTML fragment: every frame as inline SVG, Prev / Next / Play buttons
     * driven by inline JavaScript (Play shows a frame every {@code millisPerFrame} ms), no network access. With
     * scripts off the buttons stay hidden and the frames stand one under another.
     */
    public String toHtml(int millisPerFrame) {
        if (millisPerFrame < 50 || millisPerFrame > 60_000) {
            throw new IllegalArgumentException("BackwardStepper.toHtml: " + millisPerFrame
                    + " ms per frame; choose between 50 and 60000");
        }
        // Unique on the page even when one stepper is shown twice: the script finds its own block by this id
        // where the front end runs it away from the block (the classic Notebook evaluates it in the page head).
        String id = "gf-stepper-" + Integer.toHexString(Objects.hash(title, walk.toString())) + "-" + SHOWN.incrementAndGet();
        StringBuilder html = new StringBuilder();
        html.append("<div class=\"gf-stepper\" id=\"").append(id).append("\">\n");
        html.append("<div class=\"gf-controls\" style=\"display:none;margin:4px 0;font-family:sans-serif\">")
                .append("<button type=\"button\" class=\"gf-prev\">&#9664; Prev</button> ")
                .append("<button type=\"button\" class=\"gf-play\">Play</button> ")
                .append("<button type=\"button\" class=\"gf-next\">Next &#9654;</button> ")
                .append("<span class=\"gf-at\"></span></div>\n");
        html.append("<p class=\"gf-note\" style=\"font-family:sans-serif;margin:2px 0\">")
                .append(Tables.escape(title)).append(": ").append(frames.size())
                .append(" frames, one under another (with scripts on, Prev / Next / Play show them in place).</p>\n");
        for (int k = 0; k < frames.size(); k++) {
            // Inline SVG in HTML needs no namespace declaration; leaving it out keeps the page free of URLs.
            String svg = frames.get(k).markup().replaceFirst(" xmlns=\"http://www.w3.org/2000/svg\"", "");
            html.append("<div class=\"gf-frame\" data-frame=\"").append(k).append("\">\n").append(svg).append("</div>\n");
        }
        html.append("<script>\n")
                .append("(function () {\n")
                .append("  var s = document.currentScript, root = s && s.closest ? s.closest('.gf-stepper') : null;\n")
                .append("  if (!root) root = document.getElementById('").append(id).append("');\n")
                .append("  if (!root) return;\n")
                .append("  var frames = root.querySelectorAll('.gf-frame'), at = root.querySelector('.gf-at'),\n")
                .append("      play = root.querySelector('.gf-play'), i = 0, timer = null;\n")
                .append("  function show(k) {\n")
                .append("    i = (k + frames.length) % frames.length;\n")
                .append("    for (var j = 0; j < frames.length; j++) frames[j].style.display = j === i ? '' : 'none';\n")
                .append("    at.textContent = 'frame ' + (i + 1) + ' of ' + frames.length;\n")
                .append("  }\n")
                .append("  function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = 'Play'; }\n")
                .append("  root.querySelector('.gf-prev').onclick = function () { stop(); show(i - 1); };\n")
                .append("  root.querySelector('.gf-next').onclick = function () { stop(); show(i + 1); };\n")
                .append("  play.onclick = function () {\n")
                .append("    if (timer) { stop(); return; }\n")
                .append("    if (i === frames.length - 1) show(0);\n")
                .append("    play.textContent = 'Pause';\n")
                .append("    timer = setInterval(function () { if (i === frames.length - 1) stop(); else show(i + 1); }, ")
                .append(millisPerFrame).append(");\n")
                .append("  };\n")
                .append("  root.querySelector('.gf-note').style.display = 'none';\n")
                .append("  root.querySelector('.gf-controls').style.display = '';\n")
                .append("  show(0);\n")
                .append("})();\n")
                .append("</script>\n");
        html.append("</div>\n");
        return html.toString();
    }

    /** For example {@code BackwardStepper(backward pass of L: 2 steps, 4 frames)} and the walk. */
    @Override
    public String toString() {
        return "BackwardStepper(" + title + ": " + walk.steps().size() + " steps, " + frames.size() + " frames)\n"
                + walk;
    }
}
