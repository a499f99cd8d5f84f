package dev.verity.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs one workload at a fixed concurrency for a fixed time and records every response time in an
 * HdrHistogram (1 µs to 60 s, 3 significant digits). Closed loop: each worker sends its next request when the
 * previous one answered, which finds the peak. Paced: each worker keeps a fixed schedule and latency is counted
 * from the scheduled start, so a stall is charged to every request it delayed (no coordinated omission).
 */
final class Load {

    /** One request of a workload; returns the HTTP status. {@code n} numbers the requests of a worker. */
    interface Task {
        int call(int worker, long n) throws Exception;
    }

    record Result(String name, int concurrency, long requests, long errors, double seconds, Histogram latency) {
        double throughput() {
            return requests / seconds;
        }

        double ms(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    static Result closed(String name, int concurrency, Duration duration, int expectedStatus, Task task)
            throws InterruptedException {
        return run(name, concurrency, duration, expectedStatus, task, 0);
    }

    /** Paced at {@code rate} requests per second in total. */
    static Result paced(String name, int concurrency, Duration duration, int expectedStatus, double rate, Task task)
            throws InterruptedException {
        return run(name, concurrency, duration, expectedStatus, task, rate);
    }

    private static Result run(String name, int concurrency, Duration duration, int expectedStatus, Task task,
            double rate) throws InterruptedException {
        Recorder recorder = new Recorder(1, 60_000_000L, 3);
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long intervalNanos = rate > 0 ? (long) (1e9 * concurrency / rate) : 0;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Thread thread = new Thread(() -> {
                long n = 0;
                long scheduled = start + (intervalNanos > 0 ? intervalNanos * worker / concurrency : 0);
                while (true) {
                    if (intervalNanos > 0) {
                        long wait = scheduled - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                    long begin = intervalNanos > 0 ? scheduled : System.nanoTime();
                    if (begin >= end) {
                        break;
                    }
                    int status;
                    try {
                        status = task.call(worker, n++);
                    } catch (NoMoreWorkException e) {
                        break;
                    } catch (Exception e) {
                        status = -1;
                    }
                    long micros = Math.max(1, (System.nanoTime() - begin) / 1000);
                    recorder.recordValue(Math.min(micros, 60_000_000L));
                    requests.incrementAndGet();
                    if (status != expectedStatus) {
                        errors.incrementAndGet();
                    }
                    scheduled += intervalNanos;
                }
            }, name + "-" + w);
            workers.add(thread);
            thread.start();
        }
        for (Thread thread : workers) {
            thread.join();
        }
        double seconds = Math.min(System.nanoTime() - start, Math.max(1, System.nanoTime() - start)) / 1e9;
        return new Result(name, concurrency, requests.get(), errors.get(), seconds, recorder.getIntervalHistogram());
    }

    /** Thrown by a task whose prepared inputs ran out; ends that worker. */
    static final class NoMoreWorkException extends Exception {
        NoMoreWorkException() {
            super(null, null, false, false);
        }
    }

    private Load() {
    }
}
