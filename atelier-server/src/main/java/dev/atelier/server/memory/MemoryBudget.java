package dev.atelier.server.memory;

import dev.atelier.server.config.SettingsSource;
import java.util.ArrayDeque;

/**
 * Working memory that the image runs of this node may hold at once, in bytes. A run {@linkplain #admit claims} its
 * estimated peak before it decodes anything and {@linkplain Grant#close returns} it when its outputs are encoded;
 * claims that do not fit wait, first come first served (a large run is not overtaken for ever by small ones). A claim
 * larger than the whole budget can never be admitted: callers check {@link #canEverFit} and refuse it at once.
 *
 * <p>The default is {@value #DEFAULT_HEAP_PERCENT} % of the Java heap ({@code -Xmx}): the rest is the server itself,
 * the garbage collector's headroom and the estimates' error. ONNX Runtime's native memory has its own budget
 * ({@code ATELIER_ONNX_MEMORY_MB}); this one is the heap's.
 */
public final class MemoryBudget {
    /** Share of the heap the default budget takes. */
    public static final int DEFAULT_HEAP_PERCENT = 75;
    private static final long WAIT_SLICE_MILLIS = 1000;

    private final long total;
    private final ArrayDeque<Long> queue = new ArrayDeque<>(); // tickets of waiting claims, oldest first
    private long used;
    private long nextTicket;

    public MemoryBudget(long totalBytes) {
        if (totalBytes < 1 << 20) {
            throw new IllegalArgumentException("a memory budget must be at least 1 MiB, got " + totalBytes);
        }
        this.total = totalBytes;
    }

    /** {@code ATELIER_TASK_MEMORY}, by default {@value #DEFAULT_HEAP_PERCENT} % of this JVM's maximum heap. */
    public static MemoryBudget from(SettingsSource s) {
        return new MemoryBudget(s.bytes("ATELIER_TASK_MEMORY", ofHeap()));
    }

    /** The default budget of this JVM. */
    public static long ofHeap() {
        return Runtime.getRuntime().maxMemory() / 100 * DEFAULT_HEAP_PERCENT;
    }

    public long total() {
        return total;
    }

    /** Bytes claimed now. */
    public synchronized long used() {
        return used;
    }

    /** Claims waiting now. */
    public synchronized int waiting() {
        return queue.size();
    }

    public boolean canEverFit(long bytes) {
        return bytes <= total;
    }

    /**
     * Claims {@code bytes}, waiting until they fit and every older claim was admitted. While it waits it calls
     * {@code whileWaiting} about once a second; that may throw to give up (a task that ran out of time).
     *
     * @throws IllegalArgumentException when the claim can never fit ({@link #canEverFit})
     */
    public Grant admit(long bytes, Runnable whileWaiting) {
        if (!canEverFit(bytes)) {
            throw new IllegalArgumentException(bytes + " bytes can never fit a budget of " + total);
        }
        long claim = Math.max(0, bytes);
        synchronized (this) {
            long ticket = nextTicket++;
            queue.addLast(ticket);
            try {
                while (queue.peekFirst() != ticket || used + claim > total) {
                    wait(WAIT_SLICE_MILLIS);
                    whileWaiting.run();
                }
                used += claim;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for memory", e);
            } finally {
                queue.remove(ticket);
                notifyAll(); // the next in line may fit now
            }
        }
        return new Grant(claim);
    }

    private synchronized void release(long bytes) {
        used -= bytes;
        notifyAll();
    }

    /** An admitted claim; closing it (once) returns the bytes. */
    public final class Grant implements AutoCloseable {
        private final long bytes;
        private boolean closed;

        private Grant(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(bytes);
            }
        }
    }
}
