package io.salespipeline.query.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;

/**
 * The dashboard's configuration.
 *
 * @param commandBaseUrl where the dashboard sends commands: empty (the default) for the origin that served it
 *                       (standalone), the command side's URL in the split deployment, e.g.
 *                       {@code PIPELINE_DASHBOARD_COMMAND_BASE_URL=https://commands.example.com}; that service
 *                       must then allow this one's origin ({@code pipeline.cors.allowed-origins})
 */
@ConfigurationProperties("pipeline.dashboard")
public record DashboardSettings(String commandBaseUrl) {

    public DashboardSettings {
        commandBaseUrl = commandBaseUrl == null ? "" : commandBaseUrl.strip().replaceAll("/+$", "");
        if (!commandBaseUrl.isEmpty()) {
            URI uri = URI.create(commandBaseUrl);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("pipeline.dashboard.command-base-url must be an http(s) URL, not '"
                        + commandBaseUrl + "'");
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
