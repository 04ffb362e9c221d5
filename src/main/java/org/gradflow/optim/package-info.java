/**
 * Optimizers: gradient descent (the same rule serves SGD and mini-batch SGD), momentum, Nesterov momentum,
 * normalized gradients, Adam with bias correction on or off, RMSProp and AdaGrad, written as the source text
 * writes them, with the common alternative formulations as named variants ({@code pytorchStyle}).
 *
 * <p>Each runs on a network's parameter list ({@link org.gradflow.optim.Optimizer#step(java.util.List,
 * java.util.List)}, or with a gradient function where the rule needs the gradient at another point) and on a
 * plain function ({@link org.gradflow.optim.Optimizer#path}); learning-rate schedules are
 * {@link org.gradflow.optim.Schedule}s.
 */
package org.gradflow.optim;
