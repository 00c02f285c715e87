package io.salespipeline.command.lead;

import org.axonframework.messaging.MetaData;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who sent a command, carried in the command's metadata (and so stored with every event it caused).
 * Commands without it come from inside the application and are not restricted.
 */
public record Actor(String user, Set<String> roles) {

    public static final String USER = "user";
    public static final String ROLES = "roles";

    public static Actor from(MetaData metaData) {
        Object user = metaData.get(USER);
        if (user == null) {
            return null;
        }
        Object roles = metaData.getOrDefault(ROLES, "");
        return new Actor(user.toString(), Arrays.stream(roles.toString().split(","))
                .map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet()));
    }

    public MetaData toMetaData() {
        return MetaData.with(USER, user).and(ROLES, String.join(",", roles));
    }

    /** A sales rep without a wider role: acts only on the leads they own. */
    public boolean isRestrictedToOwnLeads() {
        return roles.contains("SALES") && !roles.contains("MANAGER") && !roles.contains("ADMIN");
    }
}
