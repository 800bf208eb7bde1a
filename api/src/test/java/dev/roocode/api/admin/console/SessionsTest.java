package dev.roocode.api.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.api.auth.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private Instant now = Instant.parse("2026-12-07T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Sessions sessions = new Sessions(clock);
    private final Caller admin = new Caller("k0", null, true);

    @Test
    void shouldStartAnonymousAndGiveANewIdAndTokenOnSignIn() {
        Sessions.Session anonymous = sessions.anonymous();
        assertThat(anonymous.signedIn()).isFalse();

        Sessions.Session signedIn = sessions.signIn(anonymous, "sk-admin", admin);

        assertThat(signedIn.signedIn()).isTrue();
        assertThat(signedIn.id).isNotEqualTo(anonymous.id);
        assertThat(signedIn.csrf).isNotEqualTo(anonymous.csrf);
        assertThat(sessions.find(anonymous.id))
                .as("the id before sign-in is worth nothing")
                .isNull();
        assertThat(sessions.find(signedIn.id)).isSameAs(signedIn);
    }

    @Test
    void shouldMatchOnlyTheSessionsOwnCsrfToken() {
        Sessions.Session a = sessions.signIn(null, "sk-admin", admin);
        Sessions.Session b = sessions.signIn(null, "sk-admin", admin);

        assertThat(a.csrfMatches(a.csrf)).isTrue();
        assertThat(a.csrfMatches(b.csrf)).isFalse();
        assertThat(a.csrfMatches(null)).isFalse();
        assertThat(a.csrfMatches("")).isFalse();
        assertThat(a.csrf).hasSizeGreaterThanOrEqualTo(43); // 32 random bytes
    }

    @Test
    void shouldEndASessionIdleTooLongOrTooOld() {
        Sessions.Session idle = sessions.signIn(null, "sk-admin", admin);
        now = now.plus(Sessions.IDLE).plusSeconds(1);
        assertThat(sessions.find(idle.id)).isNull();

        Sessions.Session busy = sessions.signIn(null, "sk-admin", admin);
        for (Duration spent = Duration.ZERO;
                spent.compareTo(Sessions.ABSOLUTE) <= 0;
                spent = spent.plus(Duration.ofMinutes(20))) {
            assertThat(sessions.find(busy.id)).as("alive after %s", spent).isNotNull();
            now = now.plus(Duration.ofMinutes(20));
        }
        assertThat(sessions.find(busy.id)).as("past the absolute limit").isNull();
    }

    @Test
    void shouldForgetAnEndedSessionAndGiveTheFlashOnce() {
        Sessions.Session s = sessions.signIn(null, "sk-admin", admin);
        s.flash = "done";
        assertThat(s.takeFlash()).isEqualTo("done");
        assertThat(s.takeFlash()).isNull();

        sessions.end(s);

        assertThat(sessions.find(s.id)).isNull();
        assertThat(sessions.find(null)).isNull();
    }

    @Test
    void shouldDropAnonymousSessionsFirstWhenFull() {
        Sessions.Session signedIn = sessions.signIn(null, "sk-admin", admin);
        for (int i = 0; i < Sessions.MAX; i++) {
            sessions.anonymous();
        }
        assertThat(sessions.size()).isLessThanOrEqualTo(Sessions.MAX);
        assertThat(sessions.find(signedIn.id)).isNotNull();
    }
}
