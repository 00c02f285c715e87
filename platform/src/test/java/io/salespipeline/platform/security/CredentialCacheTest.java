package io.salespipeline.platform.security;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCacheTest {

    /** Counts full password checks. */
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicBoolean slowChecks = new AtomicBoolean();
    private final PasswordEncoder delegating = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final PasswordEncoder encoder = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return delegating.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            if (slowChecks.get()) {
                // as long as a bcrypt check of production strength, so that requests sent together overlap it
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return delegating.matches(raw, encoded);
        }

        @Override
        public boolean upgradeEncoding(String encoded) {
            return delegating.upgradeEncoding(encoded);
        }
    };
    private InMemoryUserDetailsManager users;
    private CredentialCache cache;

    @BeforeEach
    void setUp() {
        users = new InMemoryUserDetailsManager(
                User.withUsername("ewa").password(delegating.encode("right-password")).roles("SALES").build(),
                User.withUsername("demo").password("{noop}demo").roles("ANALYST").build());
        cache = new CredentialCache(users, encoder, Duration.ofMinutes(2), 100);
    }

    @Test
    void aSecondRequestWithTheSameCredentials_isNotCheckedAgain() {
        Authentication first = cache.authenticate(token("ewa", "right-password"));
        Authentication second = cache.authenticate(token("ewa", "right-password"));
        assertThat(checks).hasValue(1);
        assertThat(second.getName()).isEqualTo("ewa");
        assertThat(second.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_SALES");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void requestsWithTheSameCredentialsAtOnce_shareOneCheck() throws Exception {
        slowChecks.set(true);
        List<Authentication> results = atOnce(8, () -> cache.authenticate(token("ewa", "right-password")));
        assertThat(checks).hasValue(1);
        assertThat(results).hasSize(8).allSatisfy(a -> assertThat(a.getName()).isEqualTo("ewa"));
    }

    @Test
    void aWrongPasswordAtOnce_isNeverShared_eachRequestPaysItsOwnCheck() throws Exception {
        slowChecks.set(true);
        List<Object> outcomes = atOnce(4, () -> {
            try {
                return cache.authenticate(token("ewa", "wrong-password"));
            } catch (BadCredentialsException refused) {
                return refused;
            }
        });
        assertThat(outcomes).hasSize(4).allSatisfy(o -> assertThat(o).isInstanceOf(BadCredentialsException.class));
        assertThat(checks).hasValue(4);
    }

    /** {@code n} threads that call {@code call} together; their results. */
    private static <T> List<T> atOnce(int n, Callable<T> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier together = new CyclicBarrier(n);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(threads.submit(() -> {
                    together.await();
                    return call.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aWrongPassword_neverMatchesARememberedSuccess_andAlwaysPaysTheFullCheck() {
        cache.authenticate(token("ewa", "right-password"));
        for (String wrong : new String[]{"wrong-password", "right-password ", "Right-password", ""}) {
            int before = checks.get();
            assertThatThrownBy(() -> cache.authenticate(token("ewa", wrong))).isInstanceOf(BadCredentialsException.class);
            assertThat(checks.get()).as("a full check for '%s'", wrong).isEqualTo(before + 1);
        }
        assertThatThrownBy(() -> cache.authenticate(token("ewa", "wrong-password"))).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void aChangedPassword_dropsTheRememberedCheck() {
        cache.authenticate(token("ewa", "right-password"));
        users.updateUser(User.withUsername("ewa").password(delegating.encode("new-password")).roles("SALES").build());
        assertThatThrownBy(() -> cache.authenticate(token("ewa", "right-password"))).isInstanceOf(BadCredentialsException.class);
        assertThat(cache.authenticate(token("ewa", "new-password")).getName()).isEqualTo("ewa");
    }

    @Test
    void changedRoles_dropTheRememberedCheck() {
        cache.authenticate(token("ewa", "right-password"));
        users.updateUser(User.withUsername("ewa").password(users.loadUserByUsername("ewa").getPassword())
                .roles("MANAGER").build());
        Authentication again = cache.authenticate(token("ewa", "right-password"));
        assertThat(checks).hasValue(2);
        assertThat(again.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_MANAGER");
    }

    @Test
    void aRemovedUser_isNotLetInFromTheCache() {
        cache.authenticate(token("ewa", "right-password"));
        users.deleteUser("ewa");
        assertThatThrownBy(() -> cache.authenticate(token("ewa", "right-password"))).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void aCheckIsRememberedOnlyForTheConfiguredTime() throws InterruptedException {
        CredentialCache brief = new CredentialCache(users, encoder, Duration.ofMillis(50), 100);
        brief.authenticate(token("ewa", "right-password"));
        Thread.sleep(120);
        brief.authenticate(token("ewa", "right-password"));
        assertThat(checks).hasValue(2);
    }

    @Test
    void aConfiguredUsersPassword_isNeverReEncodedOnARequest() {
        cache.authenticate(token("demo", "demo"));
        cache.authenticate(token("demo", "demo"));
        assertThat(users.loadUserByUsername("demo").getPassword()).isEqualTo("{noop}demo");
    }

    @Test
    void nothingIsRememberedOfFailedChecks() {
        assertThatThrownBy(() -> cache.authenticate(token("ewa", "wrong-password"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> cache.authenticate(token("nobody", "x"))).isInstanceOf(BadCredentialsException.class);
        assertThat(cache.size()).isZero();
    }

    private static UsernamePasswordAuthenticationToken token(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }
}
