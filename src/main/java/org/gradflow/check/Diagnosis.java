package org.gradflow.check;

/**
 * A likely cause found by a failed check, with the evidence for it.
 *
 * @param hint   the cause
 * @param detail the evidence in this check (elements, ratios, errors at other steps)
 */
public record Diagnosis(Hint hint, String detail) {

    @Override
    public String toString() {
        return hint.explanation() + "\n      evidence: " + detail;
    }
}
