package dev.signet.core.testing;

import java.lang.management.ManagementFactory;

/**
 * The resource bounds every fuzz target holds its parser to, per input. A target catches the
 * parser's declared exceptions inside {@link #parse}; any other exception escapes to Jazzer as a
 * finding, and so does an input that made the parsing thread allocate more than {@link
 * #MAX_ALLOCATED_BYTES}. Time is bounded by {@link BoundedFuzzTest}.
 *
 * <p>Only the calling thread's allocations are counted (HotSpot's per-thread counter): a parser
 * that hands work to other threads is bounded there by the fuzzing JVM's heap ({@code bin/fuzz}
 * runs it with a small {@code -Xmx}, and an {@link OutOfMemoryError} is a finding too).
 */
public final class FuzzBounds {
    /**
     * Per input. libFuzzer grows inputs up to the largest seed of the corpus (at most tens of KiB
     * here), so a parser that allocates 64 MiB for one has amplified its input thousands of times.
     */
    public static final long MAX_ALLOCATED_BYTES = 64L << 20;

    /** Per input, in seconds: generous, so only a hang or a blow-up reaches it. */
    public static final long TIMEOUT_SECONDS = 10;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzBounds() {}

    /**
     * Runs one parse of a fuzz input and fails if it allocated more than the bound. An input over the
     * bound is parsed a second time and judged by that run: the first parse in a JVM also pays for
     * loading (and, when fuzzing, instrumenting) the parser's classes on this thread.
     */
    public static void parse(Runnable parse) {
        if (allocatedBy(parse) > MAX_ALLOCATED_BYTES) {
            long again = allocatedBy(parse);
            if (again > MAX_ALLOCATED_BYTES) {
                throw new AllocationBoundExceeded(again);
            }
        }
    }

    private static long allocatedBy(Runnable parse) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        parse.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /** A finding: one input made its parser allocate more than {@link #MAX_ALLOCATED_BYTES}. */
    public static final class AllocationBoundExceeded extends AssertionError {
        private static final long serialVersionUID = 1L;

        AllocationBoundExceeded(long allocated) {
            super("one input allocated " + allocated + " bytes, more than the bound of " + MAX_ALLOCATED_BYTES);
        }
    }
}
