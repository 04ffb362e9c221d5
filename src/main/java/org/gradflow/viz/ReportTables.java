package org.gradflow.viz;

import java.util.List;
import java.util.stream.IntStream;
import org.gradflow.check.ElementCheck;
import org.gradflow.check.GradCheckReport;
import org.gradflow.check.StepSweep;
import org.gradflow.graph.Graph;
import org.gradflow.graph.Trace;
import org.gradflow.nn.BiasPitfall;
import org.gradflow.train.History;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/** The tables behind {@link Tables#of}: the library's plain records turned into Tablesaw tables. */
final class ReportTables {

    private ReportTables() {
    }

    /** Numbers as {@link Graph#format(double)} writes them (4 significant digits); full precision kept. */
    private static final NumberColumnFormatter GRAPH_DIGITS = new NumberColumnFormatter() {
        @Override
        public String format(double x) {
            return Graph.format(x);
        }
    };

    static Table trace(Trace trace) {
        List<Trace.Row> rows = trace.rows();
        DoubleColumn values = DoubleColumn.create(Trace.COLUMNS.get(4), rows.stream().mapToDouble(Trace.Row::value));
        DoubleColumn grads = DoubleColumn.create(Trace.COLUMNS.get(5), rows.stream().mapToDouble(Trace.Row::grad));
        values.setPrintFormatter(GRAPH_DIGITS);
        grads.setPrintFormatter(GRAPH_DIGITS);
        return Table.create("trace of " + trace.outputName(),
                StringColumn.create(Trace.COLUMNS.get(0), rows.stream().map(Trace.Row::node).toList()),
                StringColumn.create(Trace.COLUMNS.get(1), rows.stream().map(Trace.Row::label).toList()),
                StringColumn.create(Trace.COLUMNS.get(2), rows.stream().map(Trace.Row::op).toList()),
                StringColumn.create(Trace.COLUMNS.get(3), rows.stream().map(Trace.Row::inputs).toList()),
                values, grads);
    }

    static Table gradCheck(GradCheckReport report) {
        List<ElementCheck> elements = report.elements();
        DoubleColumn analytic = DoubleColumn.create("analytic", elements.stream().mapToDouble(ElementCheck::analytic));
        DoubleColumn numeric = DoubleColumn.create("numeric", elements.stream().mapToDouble(ElementCheck::numeric));
        DoubleColumn error = DoubleColumn.create("relative error",
                elements.stream().mapToDouble(ElementCheck::relativeError));
        analytic.setPrintFormatter(Tables.significantDigits(6));
        numeric.setPrintFormatter(Tables.significantDigits(6));
        error.setPrintFormatter(Tables.significantDigits(2));
        return Table.create("gradient check (h = " + Tables.significant(report.step(), 2) + ")",
                StringColumn.create("parameter", elements.stream().map(ElementCheck::parameter).toList()),
                StringColumn.create("element", elements.stream().map(ElementCheck::element).toList()),
                IntColumn.create("layer", elements.stream().mapToInt(ElementCheck::layer).toArray()),
                analytic, numeric, error,
                StringColumn.create("verdict", elements.stream().map(e -> e.verdict().name()).toList()),
                StringColumn.create("kink", elements.stream().map(ElementCheck::kinkNote).toList()));
    }

    static Table stepSweep(StepSweep sweep) {
        return Tables.withSignificantDigits(Table.create("step sweep at x = " + Tables.significant(sweep.x(), 6),
                DoubleColumn.create("h", sweep.steps()),
                DoubleColumn.create("forward", sweep.forwardEstimates()),
                DoubleColumn.create("forward error", sweep.forwardErrors()),
                DoubleColumn.create("central", sweep.centralEstimates()),
                DoubleColumn.create("central error", sweep.centralErrors())), 4);
    }

    static Table epochs(History h) {
        List<History.Epoch> epochs = h.epochs();
        return Tables.withSignificantDigits(Table.create("epochs: " + h.description(),
                IntColumn.create("epoch", epochs.stream().mapToInt(History.Epoch::epoch).toArray()),
                IntColumn.create("steps", epochs.stream().mapToInt(History.Epoch::steps).toArray()),
                DoubleColumn.create("train_loss", h.trainLoss()),
                DoubleColumn.create("train_accuracy", h.trainAccuracy()),
                DoubleColumn.create("validation_loss", h.validationLoss()),
                DoubleColumn.create("validation_accuracy", h.validationAccuracy()),
                LongColumn.create("forward_passes", epochs.stream().mapToLong(History.Epoch::forwardPasses).toArray()),
                LongColumn.create("backward_passes", epochs.stream().mapToLong(History.Epoch::backwardPasses).toArray()),
                DoubleColumn.create("epoch_seconds", h.epochSeconds()),
                DoubleColumn.create("elapsed_seconds", h.elapsedSeconds())), 4);
    }

    static Table steps(History h) {
        List<History.Step> steps = h.steps();
        Table t = Table.create("steps: " + h.description(),
                IntColumn.create("epoch", steps.stream().mapToInt(History.Step::epoch).toArray()),
                IntColumn.create("step", steps.stream().mapToInt(History.Step::step).toArray()),
                IntColumn.create("batch", steps.stream().mapToInt(History.Step::batchSize).toArray()),
                DoubleColumn.create("loss", h.stepLoss()));
        List<String> names = h.gradientNormNames();
        for (int r = 0; r < names.size(); r++) {
            int i = r;
            t.addColumns(DoubleColumn.create(names.get(r), steps.stream().mapToDouble(s -> s.gradientNorms()[i])));
        }
        t.addColumns(
                LongColumn.create("forward_passes", steps.stream().mapToLong(History.Step::forwardPasses).toArray()),
                LongColumn.create("backward_passes", steps.stream().mapToLong(History.Step::backwardPasses).toArray()),
                DoubleColumn.create("elapsed_seconds", steps.stream().mapToDouble(History.Step::elapsedSeconds)));
        return Tables.withSignificantDigits(t, 4);
    }

    static Table biasPitfall(BiasPitfall.History run) {
        return Tables.withSignificantDigits(Table.create("bias pitfall, " + BiasPitfall.label(run.rule()),
                IntColumn.create("step", IntStream.range(0, run.b().length).toArray()),
                DoubleColumn.create("b", run.b()),
                DoubleColumn.create("loss", run.loss()),
                DoubleColumn.create("dL/db", run.biasGradient()),
                DoubleColumn.create("output change", run.outputChange())), 6);
    }

    static Table biasPitfall(BiasPitfall.Result result) {
        BiasPitfall.History full = result.full();
        BiasPitfall.History naive = result.ignoringStatistics();
        return Tables.withSignificantDigits(Table.create("bias pitfall (" + result.normalization()
                        + "): full gradient vs ignoring statistics",
                IntColumn.create("step", IntStream.range(0, full.b().length).toArray()),
                DoubleColumn.create("b (full)", full.b()),
                DoubleColumn.create("b (ignoring statistics)", naive.b()),
                DoubleColumn.create("loss (full)", full.loss()),
                DoubleColumn.create("loss (ignoring statistics)", naive.loss()),
                DoubleColumn.create("dL/db (full)", full.biasGradient()),
                DoubleColumn.create("dL/db (ignoring statistics)", naive.biasGradient()),
                DoubleColumn.create("output change (full)", full.outputChange()),
                DoubleColumn.create("output change (ignoring statistics)", naive.outputChange())), 6);
    }
}
