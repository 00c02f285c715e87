package io.salespipeline.command.imports;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Imports of lead histories ({@code pipeline.imports.*}).
 *
 * @param maxSize              the largest file accepted (512 MB); streamed into the database, never held whole
 * @param maxLineSize          the longest line (one lead's history) accepted (1 MB); a longer one rejects that lead
 * @param leadsPerTransaction  leads recorded per transaction (250): their events go into the log in one batched insert
 * @param workers              threads recording imported leads (2), chunks of one import in parallel
 * @param errorsListed         how many rejected leads {@code GET /api/imports/{id}} lists at most per answer (1000)
 * @param outageRetry          how long a chunk is retried while the database is away before the import is FAILED (2 min)
 */
@ConfigurationProperties("pipeline.imports")
public record ImportProperties(DataSize maxSize, DataSize maxLineSize, Integer leadsPerTransaction, Integer workers,
                               Integer errorsListed, Duration outageRetry) {

    public ImportProperties {
        maxSize = maxSize != null ? maxSize : DataSize.ofMegabytes(512);
        maxLineSize = maxLineSize != null ? maxLineSize : DataSize.ofMegabytes(1);
        leadsPerTransaction = leadsPerTransaction != null ? leadsPerTransaction : 250;
        workers = workers != null ? workers : 2;
        errorsListed = errorsListed != null ? errorsListed : 1000;
        outageRetry = outageRetry != null ? outageRetry : Duration.ofMinutes(2);
        if (maxSize.toBytes() < 1 || maxLineSize.toBytes() < 1 || leadsPerTransaction < 1 || workers < 1
                || errorsListed < 1 || outageRetry.isNegative()) {
            throw new IllegalArgumentException("pipeline.imports: sizes, leads-per-transaction, workers and errors-listed "
                    + "must be positive");
        }
    }
}
