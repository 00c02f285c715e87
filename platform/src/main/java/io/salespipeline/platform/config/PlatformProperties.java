package io.salespipeline.platform.config;

import io.salespipeline.platform.security.PipelineSecurityProperties;
import io.salespipeline.platform.web.CorsSettings;
import io.salespipeline.platform.web.HttpProperties;
import jakarta.validation.Valid;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code pipeline.*} settings every deployment shares (command side, query side, standalone). Each side
 * adds its own areas to the same tree ({@code CommandSideProperties}, {@code QuerySideProperties}); every
 * default is written once, in these records, and checked at start-up: a wrong value stops the service with
 * the property's name. The README's configuration table is checked against the generated metadata.
 *
 * @param security   users, the credential cache and the failed-login throttle
 * @param http       limits on requests and the {@code Retry-After} of a 503
 * @param eventStore how the event store is read and how readers are woken
 * @param cors       other origins whose pages may call the API
 * @param demoUsers  whether the configured users are the demo ones (standalone's {@code demo} profile sets it;
 *                   the log then says so loudly)
 */
@ConfigurationProperties("pipeline")
@Validated
public record PlatformProperties(
        @DefaultValue @Valid @NestedConfigurationProperty PipelineSecurityProperties security,
        @DefaultValue @Valid @NestedConfigurationProperty HttpProperties http,
        @DefaultValue @Valid @NestedConfigurationProperty EventStoreProperties eventStore,
        @DefaultValue @Valid @NestedConfigurationProperty CorsSettings.Properties cors,
        @DefaultValue("false") boolean demoUsers) {
}
