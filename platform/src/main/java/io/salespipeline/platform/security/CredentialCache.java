package io.salespipeline.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic without a password hash on every request. A password check costs what the password's encoder
 * costs (bcrypt: tens of milliseconds, on purpose); an API client sends the same credentials with every
 * request. So a successful check is remembered for a short time ({@code ttl}) under a keyed cryptographic
 * hash of user and password (HMAC-SHA256 with a random key of this process): the same credentials again
 * are accepted at the cost of one hash.
 * <ul>
 * <li>A wrong password has another key, so it never matches a remembered success and always pays the full
 * check: timing tells an attacker nothing.</li>
 * <li>Each hit compares the user as loaded now with the user as checked then (encoded password, roles,
 * enabled and locked flags): a changed password or role drops the entry, and the next request is checked
 * in full.</li>
 * <li>Neither passwords nor plain hashes of them are kept.</li>
 * <li>Users' passwords are never re-encoded on a request (no "upgrade" of {@code {noop}} passwords).</li>
 * <li>Requests with the same credentials that arrive while they are being checked wait for that check and share
 * its success (an app opening eight connections at once paid eight bcrypt checks, a third of a second of CPU);
 * a failure is never shared: each of them then pays its own full check.</li>
 * </ul>
 */
public class CredentialCache implements AuthenticationProvider {

    private final DaoAuthenticationProvider delegate;
    private final UserDetailsService users;
    private final Cache<String, Remembered> remembered;
    private final ThreadLocal<Mac> macs;
    /** The checks running now, by key: a success, or null for a failure (never shared). */
    private final ConcurrentHashMap<String, CompletableFuture<Authentication>> checking = new ConcurrentHashMap<>();

    private record Remembered(Authentication authentication, String userFingerprint) {
    }

    public CredentialCache(UserDetailsService users, PasswordEncoder encoder, Duration ttl, long maximumSize) {
        this.users = users;
        this.delegate = new DaoAuthenticationProvider(users);
        this.delegate.setPasswordEncoder(encoder);
        // no UserDetailsPasswordService: a configured user's password is never re-encoded on a request
        this.remembered = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).build();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String name = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (name == null || !(credentials instanceof String password)) {
            return delegate.authenticate(authentication);
        }
        String cacheKey = key(name, password);
        Authentication known = rememberedFor(cacheKey, name);
        if (known != null) {
            return known;
        }
        CompletableFuture<Authentication> mine = new CompletableFuture<>();
        CompletableFuture<Authentication> running = checking.putIfAbsent(cacheKey, mine);
        if (running != null) {
            // the same credentials are being checked now: their success is this request's too
            Authentication shared = running.join();
            return shared != null ? shared : check(authentication, cacheKey);
        }
        try {
            // a check that ended between the look-up above and the claim remembered its success
            Authentication result = rememberedFor(cacheKey, name);
            if (result == null) {
                result = check(authentication, cacheKey);
            }
            mine.complete(result);
            return result;
        } finally {
            mine.complete(null); // a failure: the waiting requests check for themselves
            checking.remove(cacheKey, mine);
        }
    }

    /** The remembered success under {@code cacheKey}, if the user has not changed since (else it is dropped). */
    private Authentication rememberedFor(String cacheKey, String name) {
        Remembered hit = remembered.getIfPresent(cacheKey);
        if (hit == null) {
            return null;
        }
        UserDetails current = currentUser(name);
        if (current != null && MessageDigest.isEqual(fingerprint(current).getBytes(StandardCharsets.UTF_8),
                hit.userFingerprint().getBytes(StandardCharsets.UTF_8))) {
            return hit.authentication();
        }
        remembered.invalidate(cacheKey);
        return null;
    }

    /** The full check, its success remembered. */
    private Authentication check(Authentication authentication, String cacheKey) {
        Authentication result = delegate.authenticate(authentication);
        if (result != null && result.getPrincipal() instanceof UserDetails checked) {
            remembered.put(cacheKey, new Remembered(result, fingerprint(checked)));
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** Forgets every remembered check of {@code username} (e.g. after a change of the user). */
    public void forget(String username) {
        remembered.asMap().values().removeIf(r -> r.authentication().getName().equals(username));
    }

    long size() {
        remembered.cleanUp();
        return remembered.estimatedSize();
    }

    private UserDetails currentUser(String name) {
        try {
            return users.loadUserByUsername(name);
        } catch (UsernameNotFoundException gone) {
            return null;
        }
    }

    /** What must not have changed since the check: the stored password, the roles and the account's state. */
    private static String fingerprint(UserDetails user) {
        TreeSet<String> roles = new TreeSet<>();
        for (GrantedAuthority authority : user.getAuthorities()) {
            roles.add(authority.getAuthority());
        }
        return user.getUsername() + '\n' + user.getPassword() + '\n' + roles + '\n' + user.isEnabled()
                + user.isAccountNonLocked() + user.isAccountNonExpired() + user.isCredentialsNonExpired();
    }

    private String key(String name, String password) {
        Mac mac = macs.get();
        mac.update(name.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    }
}
