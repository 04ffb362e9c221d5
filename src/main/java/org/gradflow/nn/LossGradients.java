package org.gradflow.nn;

import java.util.List;
import org.gradflow.tensor.Matrix;

/**
 * The result of a backward pass of a {@link Model}: the batch loss and its gradient with respect to every
 * parameter, in the order of {@link Model#parameters()}.
 */
public interface LossGradients {

    /** The batch loss {@code L = (1/B) sum_m L(m)} at the point the gradients were taken. */
    double loss();

    /** B, the number of examples the gradients average over. */
    int batchSize();

    /** {@code dL/dparams}, in the order and shapes of {@link Model#parameters()}. */
    List<Matrix> asList();
}
