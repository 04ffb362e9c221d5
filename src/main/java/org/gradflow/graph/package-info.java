/**
 * The scalar computation graph: backpropagation one number at a time.
 *
 * <p>{@link org.gradflow.graph.Value} is a node holding a forward value and a gradient. Each operation
 * ({@code plus}, {@code times}, {@code max}, {@code sigmoid}, ...) computes its output and, right beside it,
 * its local backward rule: the gradient-flow rules of the lesson (addition broadcasts, multiplication by a
 * constant scales, multiplication swaps, max switches, the sigmoid multiplies by {@code z(1-z)}).
 * {@link org.gradflow.graph.Value#backward()} seeds the output with 1 and applies the rules in reverse
 * {@link org.gradflow.graph.Graph#topologicalOrder(org.gradflow.graph.Value) topological order}, adding up
 * the gradients that reach a node by different paths. {@link org.gradflow.graph.Trace} lists every node's
 * value and gradient as a Tablesaw table, and {@code org.gradflow.viz.GraphPicture} draws the graph.
 */
package org.gradflow.graph;
