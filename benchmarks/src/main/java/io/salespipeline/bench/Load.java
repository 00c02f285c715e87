package io.salespipeline.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A load of {@code clients} concurrent clients, each on its own persistent connection, either as fast as
 * the service answers (closed loop: the maximum rate) or paced to a target rate in total.
 */
final class Load {

    /** One client's next request; answers the HTTP status. */
    interface Request {
        int send(HttpConnection connection) throws IOException;
    }

    record Result(int clients, double seconds, long ok, long failed, Map<Integer, Long> statuses, Stats latency) {

        double rate() {
            return ok / seconds;
        }
    }

    private Load() {
    }

    /** As fast as the service answers. */
    static Result closedLoop(int clients, Duration warmup, Duration measure, Supplier<HttpConnection> connections,
                             IntFunction<Request> requests) throws InterruptedException {
        return run(clients, warmup, measure, connections, requests, 0, () -> { });
    }

    /** As fast as the service answers; {@code atMeasureStart} runs when the warm-up ends. */
    static Result closedLoop(int clients, Duration warmup, Duration measure, Supplier<HttpConnection> connections,
                             IntFunction<Request> requests, Runnable atMeasureStart) throws InterruptedException {
        return run(clients, warmup, measure, connections, requests, 0, atMeasureStart);
    }

    /** Paced so that all clients together send {@code ratePerSecond} requests a second. */
    static Result paced(int clients, double ratePerSecond, Duration warmup, Duration measure,
                        Supplier<HttpConnection> connections, IntFunction<Request> requests) throws InterruptedException {
        return run(clients, warmup, measure, connections, requests, (long) (clients * 1e9 / ratePerSecond), () -> { });
    }

    private static Result run(int clients, Duration warmup, Duration measure, Supplier<HttpConnection> connections,
                              IntFunction<Request> requests, long intervalNanos, Runnable atMeasureStart)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        Thread marker = new Thread(() -> {
            try {
                long wait = measureFrom - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                atMeasureStart.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "load-measure-start");
        marker.setDaemon(true);
        marker.start();
        long measureTo = measureFrom + measure.toNanos();
        List<long[]> latencies = new ArrayList<>();
        List<Map<Integer, Long>> statuses = new ArrayList<>();
        long[] ok = new long[clients];
        long[] failed = new long[clients];
        CountDownLatch done = new CountDownLatch(clients);
        AtomicReference<Throwable> error = new AtomicReference<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            long[] samples = new long[1 << 16];
            latencies.add(samples);
            Map<Integer, Long> counts = new TreeMap<>();
            statuses.add(counts);
            Thread thread = new Thread(() -> {
                int n = 0;
                long[] own = samples;
                try (HttpConnection connection = connections.get()) {
                    Request request = requests.apply(client);
                    // spread the paced clients' starts over one interval
                    long next = start + (intervalNanos == 0 ? 0 : intervalNanos * client / clients);
                    while (true) {
                        if (intervalNanos > 0) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                            next += intervalNanos;
                        }
                        long t0 = System.nanoTime();
                        if (t0 >= measureTo) {
                            break;
                        }
                        int status = request.send(connection);
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom) {
                            counts.merge(status, 1L, Long::sum);
                            if (status >= 200 && status < 300) {
                                ok[client]++;
                                if (n == own.length) {
                                    own = java.util.Arrays.copyOf(own, own.length * 2);
                                    latencies.set(client, own);
                                }
                                own[n++] = t1 - t0;
                            } else {
                                failed[client]++;
                            }
                        }
                    }
                } catch (Throwable t) {
                    error.compareAndSet(null, t);
                } finally {
                    latencies.set(client, java.util.Arrays.copyOf(own, n));
                    done.countDown();
                }
            }, "load-" + c);
            thread.start();
        }
        done.await();
        marker.join();
        if (error.get() != null) {
            throw new IllegalStateException("a load client failed", error.get());
        }
        long total = latencies.stream().mapToLong(a -> a.length).sum();
        long[] all = new long[(int) total];
        int i = 0;
        for (long[] a : latencies) {
            System.arraycopy(a, 0, all, i, a.length);
            i += a.length;
        }
        Map<Integer, Long> statusTotals = new TreeMap<>();
        statuses.forEach(m -> m.forEach((k, v) -> statusTotals.merge(k, v, Long::sum)));
        return new Result(clients, measure.toNanos() / 1e9, java.util.Arrays.stream(ok).sum(),
                java.util.Arrays.stream(failed).sum(), statusTotals, Stats.ofNanos(all));
    }
}
