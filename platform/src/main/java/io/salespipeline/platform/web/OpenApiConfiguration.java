package io.salespipeline.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at {@code /v3/api-docs} (browse it at {@code /swagger-ui.html}). */
@Configuration
public class OpenApiConfiguration {

    @Bean
    OpenAPI pipelineApi(@Value("${spring.application.name:sales-pipeline}") String application) {
        return new OpenAPI()
                .info(new Info().title("Sales pipeline API (" + application + ")").version("1")
                        .description("""
                                Commands move a lead through the sales process and answer {leadId, version, stage} \
                                with ETag; optional occurredAt (business time), Idempotency-Key and If-Match. \
                                Queries read the pipeline, analytics (JSON or text/csv) and the event log (NDJSON). \
                                Errors are application/problem+json."""))
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
