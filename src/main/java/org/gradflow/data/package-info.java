/**
 * Data sets in gradflow's layout (one column per example): the shipped UCI handwritten digits
 * ({@link org.gradflow.data.Digits}), generated sets ({@link org.gradflow.data.Synthetic}), CSV files through
 * Tablesaw ({@link org.gradflow.data.CsvData}), and the batches, splits and standardization a training loop needs
 * ({@link org.gradflow.data.DataSet}, {@link org.gradflow.data.Split}, {@link org.gradflow.data.Standardizer}).
 */
package org.gradflow.data;
