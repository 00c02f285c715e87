package io.salespipeline.query.readyourwrites;

import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;

/** The {@code minPosition} parameter {@link MinPositionInterceptor} reads, on every query of the OpenAPI description. */
@Configuration(proxyBeanMethods = false)
class MinPositionDocumentation {

    @Bean
    OperationCustomizer minPositionParameter() {
        return (operation, handler) -> {
            boolean query = handler.getBeanType().getPackageName().startsWith("io.salespipeline.query")
                    && handler.hasMethodAnnotation(GetMapping.class);
            // an operation served by two methods (JSON and CSV) meets this twice
            boolean described = operation.getParameters() != null && operation.getParameters().stream()
                    .anyMatch(p -> MinPositionInterceptor.PARAMETER.equals(p.getName()));
            if (query && !described) {
                operation.addParametersItem(new Parameter().in("query").name(MinPositionInterceptor.PARAMETER).required(false)
                        .description("a command's `position`: answer once the read models this query uses have applied it, "
                                + "waiting at most pipeline.read-your-writes.max-wait, else 503 with Retry-After")
                        .schema(new IntegerSchema().format("int64").minimum(java.math.BigDecimal.ZERO)));
            }
            return operation;
        };
    }
}
