package io.salespipeline.command.idempotency;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/**
 * Forgets idempotency records older than {@code pipeline.idempotency.retention} ({@link IdempotencyProperties}): a
 * retry is recognised for that long. Runs hourly as a db-scheduler task, on one instance at a time.
 */
@Configuration
public class IdempotencyRetention {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyRetention.class);

    @Bean
    RecurringTask<Void> idempotencyCleanup(IdempotencyStore store, Clock clock,
                                           IdempotencyProperties properties) {
        Duration retention = properties.retention();
        return Tasks.recurring("idempotency-cleanup", FixedDelay.ofHours(1)).execute((instance, context) -> {
            int deleted = store.forgetOlderThan(clock.instant().minus(retention));
            if (deleted > 0) {
                log.info("Forgot {} idempotency records older than {}", deleted, retention);
            }
        });
    }
}
