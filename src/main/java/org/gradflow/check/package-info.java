/**
 * Finite-difference gradient checking that depends only on functions and arrays, so it can check any
 * gradient gradflow computes (or a learner writes by hand).
 *
 * <ul>
 *   <li>{@link org.gradflow.check.GradCheck}: central differences per element (or a seeded sample, or one
 *       random direction) against named parameter blocks; the report
 *       ({@link org.gradflow.check.GradCheckReport}) lists elements worst first with a
 *       {@link org.gradflow.check.Verdict}, counts the loss evaluations, flags
 *       {@link org.gradflow.check.Kink kinks}, gives likely causes ({@link org.gradflow.check.Hint}) and
 *       localises a wrong layer ({@link org.gradflow.check.Localisation}).</li>
 *   <li>{@link org.gradflow.check.StepSweep}: forward and central errors over h = 1e-1 ... 1e-12, the
 *       truncation / round-off trade-off; {@link org.gradflow.check.Ridders}: extrapolated derivatives with an
 *       error estimate.</li>
 *   <li>{@link org.gradflow.check.Precision}: double, or a single-precision simulation showing why checks
 *       need doubles.</li>
 * </ul>
 *
 * <p>Why check at all: finite differences cost 2 loss evaluations per parameter (P + 1 forward passes for
 * one-sided differences), backprop one forward and one backward pass for all of them; so backprop trains,
 * and finite differences, slow but simple, check that backprop was written correctly.
 */
package org.gradflow.check;
