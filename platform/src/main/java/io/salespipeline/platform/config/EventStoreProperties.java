package io.salespipeline.platform.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The event store both sides share.
 *
 * @param fetchDelay    how often a reader polls the store for events committed by another process when no
 *                      notification woke it (default 1 s: the fallback; on PostgreSQL a notification wakes it
 *                      at once, and in one process a commit does)
 * @param readBatchSize events read per query when streaming the log, e.g. in a replay (default 1,000)
 * @param notifications PostgreSQL {@code LISTEN/NOTIFY}: the command side notifies after each commit, the
 *                      query side listens and reads at once (default on, on PostgreSQL only)
 */
@ConfigurationProperties("pipeline.event-store")
public record EventStoreProperties(Duration fetchDelay, Integer readBatchSize, Notifications notifications) {

    public EventStoreProperties {
        fetchDelay = fetchDelay != null ? fetchDelay : Duration.ofSeconds(1);
        readBatchSize = readBatchSize != null ? readBatchSize : 1000;
        notifications = notifications != null ? notifications : new Notifications(null, null);
        if (fetchDelay.isNegative() || fetchDelay.isZero() || readBatchSize < 1) {
            throw new IllegalArgumentException("pipeline.event-store: fetch-delay and read-batch-size must be positive");
        }
    }

    /**
     * @param enabled whether to use {@code LISTEN/NOTIFY} when the database is PostgreSQL (default true)
     * @param channel the notification channel (default {@code pipeline_events})
     */
    public record Notifications(Boolean enabled, String channel) {

        public Notifications {
            enabled = enabled != null ? enabled : true;
            channel = channel != null ? channel : "pipeline_events";
            if (!channel.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("pipeline.event-store.notifications.channel must be a lower-case SQL identifier");
            }
        }
    }
}
