package io.salespipeline.query.replay;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * While read models are being rebuilt, every read says so: {@code X-Read-Models: rebuilding}. The answers
 * still come from the complete current read models; the rebuilt ones replace them when they are complete.
 */
@Component
class RebuildingHeaderFilter extends OncePerRequestFilter {

    private final ReplayService replays;

    RebuildingHeaderFilter(ReplayService replays) {
        this.replays = replays;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (replays.isRebuilding()) {
            response.setHeader("X-Read-Models", "rebuilding");
        }
        chain.doFilter(request, response);
    }
}
