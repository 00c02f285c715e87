package io.salespipeline.query.replay;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** While read models are being rebuilt, every read says so: {@code X-Read-Models: rebuilding}. */
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
        if (replays.isRunning()) {
            response.setHeader("X-Read-Models", "rebuilding");
        }
        chain.doFilter(request, response);
    }
}
