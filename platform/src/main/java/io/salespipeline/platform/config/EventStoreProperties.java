package io.salespipeline.platform.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The event store both sides share ({@code pipeline.event-store}).
 *
 * @param fetchDelay    how often a reader polls the store for events committed by another process when no
 *                      notification woke it (the fallback; on PostgreSQL a notification wakes it at once, and in
 *                      one process a commit does)
 * @param readBatchSize events read per query when streaming the log, e.g. in a replay
 * @param notifications PostgreSQL {@code LISTEN/NOTIFY}: the command side notifies after each commit, the
 *                      query side listens and reads at once (on PostgreSQL only)
 */
public record EventStoreProperties(
        @DefaultValue("1s") @DurationMin(nanos = 0, inclusive = false) Duration fetchDelay,
        @DefaultValue("1000") @Positive int readBatchSize,
        @DefaultValue @Valid Notifications notifications) {

    /**
     * @param enabled whether to use {@code LISTEN/NOTIFY} when the database is PostgreSQL
     * @param channel the notification channel (a lower-case SQL identifier)
     */
    public record Notifications(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("pipeline_events") @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}") String channel) {
    }
}
