package org.gradflow.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gradflow.graph.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stepper's inline script, run by Node.js against a small stand-in for the page: the buttons show one frame
 * at a time, Next and Prev move (and wrap), Play advances at its pace and stops on the last frame. Skipped,
 * with the reason printed, where Node.js is not installed.
 */
class StepperScriptTest {

    /** A page holding the stepper's block: enough DOM for the script (elements with style, text, onclick). */
    private static final String HARNESS = """
            function el(cls) { return { className: cls, style: {}, textContent: '', onclick: null }; }
            var frames = []; for (var k = 0; k < FRAMES; k++) frames.push(el('gf-frame'));
            var parts = { '.gf-at': el('gf-at'), '.gf-play': el('gf-play'), '.gf-prev': el('gf-prev'),
                          '.gf-next': el('gf-next'), '.gf-note': el('gf-note'), '.gf-controls': el('gf-controls') };
            parts['.gf-controls'].style.display = 'none';
            var root = { querySelectorAll: function (q) { return frames; }, querySelector: function (q) { return parts[q]; } };
            var timers = [];
            global.setInterval = function (f, ms) { timers.push({ f: f, ms: ms }); return timers.length; };
            global.clearInterval = function (t) { timers[t - 1] = null; };
            global.document = { currentScript: { closest: function (sel) { return sel === '.gf-stepper' ? root : null; } },
                                getElementById: function () { return null; } };
            function shown() {
              var v = []; for (var k = 0; k < frames.length; k++) if (frames[k].style.display !== 'none') v.push(k);
              return v.join(',') + ' "' + parts['.gf-at'].textContent + '"';
            }
            function tick() { for (var t = 0; t < timers.length; t++) if (timers[t]) timers[t].f(); }
            SCRIPT
            var log = [];
            log.push('start ' + shown() + ' controls=' + JSON.stringify(parts['.gf-controls'].style.display)
                     + ' note=' + parts['.gf-note'].style.display);
            parts['.gf-next'].onclick(); log.push('next ' + shown());
            parts['.gf-prev'].onclick(); parts['.gf-prev'].onclick(); log.push('prev prev ' + shown());
            parts['.gf-play'].onclick(); log.push('play ' + shown() + ' ' + parts['.gf-play'].textContent);
            tick(); log.push('tick ' + shown() + ' pace=' + timers[timers.length - 1].ms);
            tick(); log.push('tick ' + shown() + ' ' + parts['.gf-play'].textContent);
            parts['.gf-play'].onclick(); tick(); log.push('play tick ' + shown());
            parts['.gf-play'].onclick(); tick(); tick(); log.push('play tick tick ' + shown() + ' ' + parts['.gf-play'].textContent);
            console.log(log.join('\\n'));
            """;

    @Test
    void theButtonsShowOneFrameAtATimeAndPlayStopsAtTheEnd(@TempDir Path dir) throws Exception {
        assumeTrue(nodeAvailable(), () -> {
            System.out.println("StepperScriptTest skipped: Node.js (node) is not installed, so the script cannot be run");
            return "no node";
        });
        Value x = Value.of(2, "x");
        Value y = Value.of(3, "y");
        BackwardStepper stepper = BackwardStepper.of(x.times(y).label("m").plus(x).label("L"));
        String html = stepper.toHtml(300);
        String script = html.substring(html.indexOf("<script>") + "<script>".length(), html.indexOf("</script>"));
        Path file = dir.resolve("harness.js");
        Files.writeString(file, HARNESS.replace("FRAMES", String.valueOf(stepper.frames().size())).replace("SCRIPT", script));
        Process node = new ProcessBuilder("node", file.toString()).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        node.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, node.exitValue(), out);
        assertEquals(List.of(
                "start 0 \"frame 1 of 4\" controls=\"\" note=none",
                "next 1 \"frame 2 of 4\"",
                "prev prev 3 \"frame 4 of 4\"",
                "play 0 \"frame 1 of 4\" Pause",
                "tick 1 \"frame 2 of 4\" pace=300",
                "tick 2 \"frame 3 of 4\" Pause",
                "play tick 2 \"frame 3 of 4\"",
                "play tick tick 3 \"frame 4 of 4\" Play"), out.strip().lines().toList());
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
