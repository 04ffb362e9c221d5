package org.gradflow.nn;

/**
 * Loss and accuracy of a model on a data set, from one inference-mode forward pass.
 *
 * @param loss     the mean loss {@code (1/B) sum_m L(m)}
 * @param accuracy the fraction classified right; NaN when no labels were given (regression)
 */
public record Evaluation(double loss, double accuracy) {
}
