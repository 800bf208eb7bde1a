package dev.roocode.api.admin.console;

import dev.roocode.api.auth.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's server-side sessions, in memory of this instance: a random id (the cookie) maps to the signed-in
 * admin and a random CSRF token that every form carries. A session before sign-in is anonymous (it holds only the
 * sign-in form's token); signing in replaces it by a new id, so an id planted before sign-in is worth nothing. The key
 * stays here, never in the browser, so that each request re-checks it (a revoked key ends its sessions at once).
 * Sessions end after {@link #IDLE} without a request, or {@link #ABSOLUTE} after sign-in; at most {@link #MAX} live.
 */
final class Sessions {
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(8);
    static final int MAX = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** A session: anonymous until {@link #signIn}. Its flash is a message for the next page it sees. */
    static final class Session {
        final String id;
        final String csrf;
        final String key;
        final Caller caller;
        final Instant created;
        volatile Instant lastSeen;
        volatile String flash;

        private Session(String id, String csrf, String key, Caller caller, Instant now) {
            this.id = id;
            this.csrf = csrf;
            this.key = key;
            this.caller = caller;
            this.created = now;
            this.lastSeen = now;
        }

        boolean signedIn() {
            return caller != null;
        }

        /** Whether {@code token} is this session's CSRF token (compared in constant time). */
        boolean csrfMatches(String token) {
            return token != null
                    && MessageDigest.isEqual(
                            csrf.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
        }

        /** The flash message, once. */
        String takeFlash() {
            String message = flash;
            flash = null;
            return message;
        }
    }

    /** A new anonymous session (for the sign-in form). */
    Session anonymous() {
        return add(new Session(token(), token(), null, null, clock.instant()));
    }

    /** Ends {@code previous} (if any) and starts a signed-in session under a new id. */
    Session signIn(Session previous, String key, Caller caller) {
        if (previous != null) {
            sessions.remove(previous.id);
        }
        return add(new Session(token(), token(), key, caller, clock.instant()));
    }

    /** The live session of {@code id}, or null (unknown, idle too long, or too old); touches it. */
    Session find(String id) {
        if (id == null) {
            return null;
        }
        Session session = sessions.get(id);
        if (session == null) {
            return null;
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.remove(id);
            return null;
        }
        session.lastSeen = now;
        return session;
    }

    void end(Session session) {
        sessions.remove(session.id);
    }

    int size() {
        return sessions.size();
    }

    private Session add(Session session) {
        if (sessions.size() >= MAX) {
            Instant now = clock.instant();
            sessions.values().removeIf(s -> expired(s, now));
            if (sessions.size() >= MAX) {
                // still full: anonymous sessions are cheap to lose (a sign-in form to reload), signed-in ones are not
                sessions.values().removeIf(s -> !s.signedIn());
            }
        }
        sessions.put(session.id, session);
        return session;
    }

    private static boolean expired(Session s, Instant now) {
        return now.isAfter(s.lastSeen.plus(IDLE)) || now.isAfter(s.created.plus(ABSOLUTE));
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
