package io.salespipeline.query.dashboard;

import io.salespipeline.platform.security.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;

/**
 * What the dashboard needs to know after signing in: who the caller is, their roles (which pages and
 * buttons to show; the API decides what is allowed) and where to send commands. Checking the credentials
 * the sign-in form collected is this request's other purpose: a wrong password answers 401.
 */
@RestController
public class DashboardController {

    private final DashboardSettings settings;

    public DashboardController(DashboardSettings settings) {
        this.settings = settings;
    }

    /** {@code commandBaseUrl}: empty for this origin. */
    public record DashboardSession(String user, List<Role> roles, String commandBaseUrl) {
    }

    @GetMapping("/api/dashboard")
    public DashboardSession session(Authentication caller) {
        List<String> authorities = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        List<Role> roles = Arrays.stream(Role.values()).filter(r -> authorities.contains("ROLE_" + r.name())).toList();
        return new DashboardSession(caller.getName(), roles, settings.commandBaseUrl());
    }
}
