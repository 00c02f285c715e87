package io.salespipeline.query.config;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every projection runs in a pooled streaming processor: the event log is read once per processor
 * and handed to worker threads by segment (events of one lead stay in order in one segment). A handler
 * that fails stops its segment, which retries with back-off, instead of skipping the event (Axon's
 * default logs and skips): a view never silently misses what was accepted.
 */
@Configuration
public class EventProcessingConfiguration {

    @Autowired
    void pooledStreaming(EventProcessingConfigurer configurer,
                         @Value("${pipeline.projections.batch-size:200}") int batchSize,
                         @Value("${pipeline.projections.segments:4}") int segments,
                         @Value("${pipeline.projections.threads:2}") int threads) {
        configurer.registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
        configurer.usingPooledStreamingEventProcessors((config, builder) -> builder
                .batchSize(batchSize)
                .initialSegmentCount(segments)
                .maxClaimedSegments(segments)
                .coordinatorExecutor(name -> Executors.newSingleThreadScheduledExecutor(daemon("coordinator-" + name)))
                .workerExecutor(name -> Executors.newScheduledThreadPool(threads, daemon("worker-" + name))));
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
