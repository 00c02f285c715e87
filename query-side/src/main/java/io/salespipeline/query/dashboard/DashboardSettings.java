package io.salespipeline.query.dashboard;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * The dashboard's configuration ({@code pipeline.dashboard}).
 *
 * @param commandBaseUrl where the dashboard sends commands: empty for the origin that served it
 *                       (standalone), the command side's URL in the split deployment, e.g.
 *                       {@code PIPELINE_DASHBOARD_COMMAND_BASE_URL=https://commands.example.com}; that service
 *                       must then allow this one's origin ({@code pipeline.cors.allowed-origins})
 */
public record DashboardSettings(
        @DefaultValue("") @Pattern(regexp = "|https?://[^/\\s]+(/\\S*)?", message = "must be empty or an http(s) URL")
        String commandBaseUrl) {

    public DashboardSettings {
        commandBaseUrl = commandBaseUrl == null ? "" : commandBaseUrl.strip().replaceAll("/+$", "");
        if (!commandBaseUrl.isEmpty()) {
            URI uri = URI.create(commandBaseUrl);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("pipeline.dashboard.command-base-url must be an http(s) URL with a host, "
                        + "not '" + commandBaseUrl + "'");
            }
        }
    }

    /** The origin (scheme://host[:port]) of the command side when it is another one, else null. */
    String commandOrigin() {
        if (commandBaseUrl.isEmpty()) {
            return null;
        }
        URI uri = URI.create(commandBaseUrl);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }
}
