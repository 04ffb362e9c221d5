package org.gradflow.kernel.display;

import java.util.Objects;

/**
 * The id of an output that {@code display} showed, for replacing it in place with {@code updateDisplay}.
 *
 * @param id the Jupyter display id
 */
public record DisplayId(String id) {

    /** Checks the id is present. */
    public DisplayId {
        Objects.requireNonNull(id, "DisplayId: id is null");
    }

    @Override
    public String toString() {
        return "DisplayId(" + id + ")";
    }
}
