package io.salespipeline.query.config;

import io.salespipeline.query.dashboard.DashboardSettings;
import io.salespipeline.query.monitoring.HealthProperties;
import io.salespipeline.query.readyourwrites.ReadYourWritesProperties;
import io.salespipeline.query.replay.ReplayProperties;
import jakarta.validation.Valid;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The query side's part of the {@code pipeline.*} tree (the shared part is {@code PlatformProperties}). Every
 * default is written once, in these records, and checked at start-up.
 *
 * @param projections    the live projections' event processors
 * @param replay         rebuilds of the read models from the log
 * @param readYourWrites how long a query with {@code minPosition} waits
 * @param dashboard      where the dashboard sends commands
 * @param health         when a projection counts as stuck (readiness)
 */
@ConfigurationProperties("pipeline")
@Validated
public record QuerySideProperties(
        @DefaultValue @Valid @NestedConfigurationProperty ProjectionsProperties projections,
        @DefaultValue @Valid @NestedConfigurationProperty ReplayProperties replay,
        @DefaultValue @Valid @NestedConfigurationProperty ReadYourWritesProperties readYourWrites,
        @DefaultValue @Valid @NestedConfigurationProperty DashboardSettings dashboard,
        @DefaultValue @Valid @NestedConfigurationProperty HealthProperties health) {
}
