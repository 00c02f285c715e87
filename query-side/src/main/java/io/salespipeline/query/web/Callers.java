package io.salespipeline.query.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.Set;
import java.util.stream.Collectors;

/** What a caller may see: a sales rep without a wider role sees only the leads they own. */
public final class Callers {

    private Callers() {
    }

    /** The owner a caller's reads are restricted to, or null when they see every lead. */
    public static String restrictedOwner(Authentication caller) {
        Set<String> roles = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
        boolean onlySales = roles.contains("ROLE_SALES") && roles.stream().noneMatch(r ->
                r.equals("ROLE_MANAGER") || r.equals("ROLE_ANALYST") || r.equals("ROLE_ADMIN"));
        return onlySales ? caller.getName() : null;
    }
}
