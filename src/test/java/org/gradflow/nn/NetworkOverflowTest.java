package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;

class NetworkOverflowTest {

    @Test
    void anOverflowingPreActivationIsNamedNotPassedOnAsNaN() {
        Matrix W1 = Matrix.filled(2, 2, 1e200);
        Matrix W2 = Matrix.filled(2, 2, 1e200);
        Network net = Network.of(List.of(W1, W2), List.of(Matrix.zeros(2, 1), Matrix.zeros(2, 1)), Activation.RELU);
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> net.forward(Matrix.column(1e200, 1e200)));
        assertTrue(e.getMessage().contains("A(1)") && e.getMessage().contains("diverged"), e.getMessage());
        // one layer further in: A(1) is finite, A(2) overflows
        ArithmeticException second = assertThrows(ArithmeticException.class,
                () -> net.forward(Matrix.column(1e100, 1e100)));
        assertTrue(second.getMessage().contains("A(2)"), second.getMessage());
    }
}
