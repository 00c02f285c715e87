package io.salespipeline.command.lead;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Snapshots of leads with long histories.
 *
 * @param every a snapshot after this many events of a lead (default 100; 0 turns snapshots off)
 */
@ConfigurationProperties("pipeline.lead-snapshots")
public record LeadSnapshotProperties(Integer every) {

    public LeadSnapshotProperties {
        every = every != null ? every : 100;
        if (every < 0) {
            throw new IllegalArgumentException("pipeline.lead-snapshots.every must not be negative");
        }
    }
}
