package io.salespipeline.command.lead;

import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Snapshots of leads with long histories ({@code pipeline.lead-snapshots}).
 *
 * @param every a snapshot after this many events of a lead (0 turns snapshots off)
 */
public record LeadSnapshotProperties(@DefaultValue("100") @PositiveOrZero int every) {
}
