package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The session history served to history_request. */
class HistoryTest {

    private static History history() {
        History h = new History();
        h.add(1, "int x = 1;", null);
        h.add(2, "x + 1", "2");
        h.add(3, "x * 3", "3");
        h.add(4, "x + 1", "2");
        return h;
    }

    private static List<Integer> lines(List<History.Entry> entries) {
        return entries.stream().map(History.Entry::line).toList();
    }

    @Test
    void tailRangeAndSearch() {
        History h = history();
        assertEquals(List.of(3, 4), lines(h.tail(2)));
        assertEquals(List.of(2, 3), lines(h.range(History.SESSION, 2, 4)));
        assertEquals(List.of(2, 3, 4), lines(h.range(0, 2, 0)));
        assertEquals(List.of(), lines(h.range(7, 1, 4)));
        assertEquals(List.of(2, 3, 4), lines(h.search("x ?*", 0, false)));
        assertEquals(List.of(3, 4), lines(h.search("x*", 0, true)));
        assertEquals(List.of(4), lines(h.search("x + 1", 0, true)));
        assertEquals(List.of(3, 4), lines(h.search("x*", 2, false)));
    }
}
