package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleMemoryTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void memoryGoesBackOnceAfterTheLastWorkHasBeenIdleLongEnough() throws Exception {
        AtomicInteger given = new AtomicInteger();
        IdleMemory idle = new IdleMemory(timer, () -> false, 300, given::incrementAndGet);
        idle.workDone();
        Thread.sleep(150);
        idle.workDone();   // more work: the idle time starts again
        Thread.sleep(150);
        assertEquals(0, given.get(), "memory was given back before the kernel had been idle 300 ms");
        Thread.sleep(600);
        assertEquals(1, given.get(), "two requests in a row should give memory back once, 300 ms after the last");
    }

    @Test
    void aCellStillRunningKeepsItsMemory() throws Exception {
        AtomicInteger given = new AtomicInteger();
        AtomicBoolean busy = new AtomicBoolean(true);
        new IdleMemory(timer, busy::get, 100, given::incrementAndGet).workDone();
        Thread.sleep(500);
        assertEquals(0, given.get(), "memory was given back while a cell ran");
    }

    @Test
    void theTightCollectionLeavesAtMostATenthOfTheHeapFreeAndRestoresTheFreeRatios() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        Runtime rt = Runtime.getRuntime();
        byte[][] live = chunks(24);       // 96 MB that stay
        byte[][] garbage = chunks(48);    // 192 MB let go
        assertTrue(rt.totalMemory() >= (288L << 20), "the heap did not grow for 288 MB");
        garbage = null;
        IdleMemory.collectTight();
        long used = rt.totalMemory() - rt.freeMemory();
        // With the JVM's usual MaxHeapFreeRatio (70) the heap would keep over 300 MB for 96 MB of live data.
        assertTrue(rt.totalMemory() < used / 0.9 + (16L << 20), "after the tight collection the heap is "
                + (rt.totalMemory() >> 20) + " MB for " + (used >> 20) + " MB in use");
        assertEquals(24, live.length);
        assertEquals(min, vm.getVMOption("MinHeapFreeRatio").getValue());
        assertEquals(max, vm.getVMOption("MaxHeapFreeRatio").getValue());
    }

    private static byte[][] chunks(int count) {
        byte[][] chunks = new byte[count][];
        for (int i = 0; i < count; i++) {
            chunks[i] = new byte[4 << 20];
        }
        return chunks;
    }
}
