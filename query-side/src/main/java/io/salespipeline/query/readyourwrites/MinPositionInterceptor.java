package io.salespipeline.query.readyourwrites;

import io.salespipeline.platform.web.BadRequestException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Arrays;
import java.util.List;

/**
 * Read-your-writes for every query: {@code GET …?minPosition=N} answers once the read models the endpoint
 * reads ({@link ReadsFrom}) have applied the event at global position {@code N} — a command's
 * {@code position} — waiting at most {@code pipeline.read-your-writes.max-wait}; after that it answers 503
 * with {@code Retry-After}. Without the parameter a query answers at once.
 */
@Configuration
public class MinPositionInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    public static final String PARAMETER = "minPosition";

    private final ProjectionPositions positions;
    private final ReadYourWritesProperties properties;

    public MinPositionInterceptor(ProjectionPositions positions, ReadYourWritesProperties properties) {
        this.positions = positions;
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        String value = request.getParameter(PARAMETER);
        if (value == null || !"GET".equals(request.getMethod()) || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        long position = parse(value);
        List<String> projections = projections(method);
        if (!projections.isEmpty() && !positions.await(projections, position, properties.maxWait())) {
            throw new ReadModelsBehindException(position, projections, properties.maxWait());
        }
        return true;
    }

    private List<String> projections(HandlerMethod method) {
        ReadsFrom reads = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), ReadsFrom.class);
        if (reads == null) {
            reads = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), ReadsFrom.class);
        }
        return reads == null ? positions.projections() : Arrays.asList(reads.value());
    }

    private static long parse(String value) {
        try {
            long position = Long.parseLong(value.trim());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadRequestException(PARAMETER, "minPosition must be a position in the event log: a whole number "
                + "from 0 to " + Long.MAX_VALUE + " (a command's `position`)");
    }
}
