package io.salespipeline.query.config;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live projections' tracking processors ({@code pipeline.projections}); applied to Axon's processor settings
 * by {@link QuerySidePropertiesConfiguration}.
 *
 * @param batchSize events handled per transaction, whatever is available up to this many (every projection)
 * @param segments  segments (shares of the leads) of {@code lead-views} and {@code stage-visits}
 * @param threads   threads of {@code lead-views} and {@code stage-visits}
 */
public record ProjectionsProperties(
        @DefaultValue("500") @Positive int batchSize,
        @DefaultValue("1") @Positive int segments,
        @DefaultValue("1") @Positive int threads) {
}
