package io.salespipeline.standalone;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.UserDetailsManager;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP Basic with remembered checks: a wrong or changed password is never let in from memory. */
class HttpBasicTest extends StandaloneTest {

    @Autowired
    UserDetailsManager users;

    @Autowired
    PasswordEncoder encoder;

    @Test
    void aWrongPassword_isRefused_afterTheRightOneWasAccepted() throws Exception {
        assertThat(get("sales", "sales")).isEqualTo(200);
        assertThat(get("sales", "sales")).isEqualTo(200);
        assertThat(get("sales", "wrong")).isEqualTo(401);
        assertThat(get("sales", "sales ")).isEqualTo(401);
        assertThat(get("sales", "sales")).isEqualTo(200);
    }

    @Test
    void aChangedPassword_dropsTheRememberedCredentials() throws Exception {
        UserDetails original = users.loadUserByUsername("sales2");
        try {
            assertThat(get("sales2", "sales2")).isEqualTo(200);
            users.updateUser(User.withUserDetails(original).password(encoder.encode("rotated")).build());
            assertThat(get("sales2", "sales2")).isEqualTo(401);
            assertThat(get("sales2", "rotated")).isEqualTo(200);
        } finally {
            users.updateUser(original);
        }
        assertThat(get("sales2", "sales2")).isEqualTo(200);
    }

    @Test
    void changedRoles_takeEffectAtOnce() throws Exception {
        UserDetails original = users.loadUserByUsername("sales2");
        try {
            assertThat(get("sales2", "sales2", "/api/analytics/funnel")).isEqualTo(403);
            users.updateUser(User.withUserDetails(original).roles("ANALYST").build());
            assertThat(get("sales2", "sales2", "/api/analytics/funnel")).isEqualTo(200);
        } finally {
            users.updateUser(original);
        }
        assertThat(get("sales2", "sales2", "/api/analytics/funnel")).isEqualTo(403);
    }

    private int get(String user, String password) throws Exception {
        return get(user, password, "/api/pipeline");
    }

    private int get(String user, String password, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
