package io.salespipeline.command.config;

import io.salespipeline.command.idempotency.IdempotencyProperties;
import io.salespipeline.command.imports.ImportProperties;
import io.salespipeline.command.lead.LeadCacheProperties;
import io.salespipeline.command.lead.LeadRules;
import io.salespipeline.command.lead.LeadSnapshotProperties;
import jakarta.validation.Valid;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The command side's part of the {@code pipeline.*} tree (the shared part is {@code PlatformProperties}). Every
 * default is written once, in these records, and checked at start-up.
 *
 * @param rules         the sales process's numbers (the {@code default} pipeline's, and the defaults of any
 *                      pipeline that leaves one out) and the allowed business-time skew
 * @param leadCache     the leads kept in memory between commands
 * @param leadSnapshots snapshots of leads with long histories
 * @param idempotency   how long {@code Idempotency-Key} records are kept
 * @param imports       imports of lead histories (POST /api/imports)
 */
@ConfigurationProperties("pipeline")
@Validated
public record CommandSideProperties(
        @DefaultValue @Valid @NestedConfigurationProperty LeadRules rules,
        @DefaultValue @Valid @NestedConfigurationProperty LeadCacheProperties leadCache,
        @DefaultValue @Valid @NestedConfigurationProperty LeadSnapshotProperties leadSnapshots,
        @DefaultValue @Valid @NestedConfigurationProperty IdempotencyProperties idempotency,
        @DefaultValue @Valid @NestedConfigurationProperty ImportProperties imports) {
}
