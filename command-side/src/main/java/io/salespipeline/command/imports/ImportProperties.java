package io.salespipeline.command.imports;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Imports of lead histories ({@code pipeline.imports}).
 *
 * @param maxSize             the largest file accepted by POST /api/imports (streamed into the database, never held whole); a larger one answers 413
 * @param maxLineSize         the longest line (one lead's history) accepted; a longer one rejects that lead (413 in the import's errors)
 * @param leadsPerTransaction leads recorded per transaction: their events go into the log in one batched insert, and a restart resumes at the first such chunk not done
 * @param workers             threads recording imported leads (chunks of one import in parallel)
 * @param errorsListed        how many rejected leads GET /api/imports/{id} lists at most per answer
 * @param outageRetry         how long a chunk is retried while the database is away before the import is FAILED
 */
public record ImportProperties(
        @DefaultValue("512MB") DataSize maxSize,
        @DefaultValue("1MB") DataSize maxLineSize,
        @DefaultValue("250") @Min(1) int leadsPerTransaction,
        @DefaultValue("2") @Min(1) int workers,
        @DefaultValue("1000") @Min(1) int errorsListed,
        @DefaultValue("2m") @DurationMin(nanos = 0) Duration outageRetry) {

    /** Both sizes must be positive. */
    @AssertTrue(message = "max-size and max-line-size must be positive")
    public boolean isSizePositive() {
        return maxSize != null && maxSize.toBytes() > 0 && maxLineSize != null && maxLineSize.toBytes() > 0;
    }
}
