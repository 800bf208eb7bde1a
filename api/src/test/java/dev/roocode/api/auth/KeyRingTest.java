package dev.roocode.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.roocode.api.http.ApiException;
import dev.roocode.schemas.avro.ApiKey;
import dev.roocode.schemas.avro.SpendTotal;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyRingTest {
    private final SecureRandom random = new SecureRandom();
    private final TestClock clock = new TestClock();
    private final KeyRing ring = new KeyRing(clock);
    private InetAddress localhost;

    @BeforeEach
    void load() throws Exception {
        localhost = InetAddress.getByName("127.0.0.1");
        ring.markCaughtUp();
    }

    private KeySecrets.NewKey add(ApiKey.Builder record) {
        KeySecrets.NewKey key = KeySecrets.generate(random);
        ring.onKey(
                key.keyId(),
                record.setKeyId(key.keyId())
                        .setSecretSha256(key.secretSha256())
                        .setCreatedAt(Instant.EPOCH)
                        .build());
        return key;
    }

    private static ApiKey.Builder tenantKey(String tenant) {
        return ApiKey.newBuilder().setTenant(tenant);
    }

    @Test
    void shouldGiveEachTenantTheSmallestBudgetOfItsKeysAndForgetARevokedOne() {
        add(tenantKey("acme").setBudgetUsd(50.0));
        KeySecrets.NewKey small = add(tenantKey("acme").setBudgetUsd(5.0));
        add(tenantKey("acme"));
        add(tenantKey("globex"));
        add(ApiKey.newBuilder().setAdmin(true).setBudgetUsd(1.0));

        assertThat(ring.tenantBudgets()).containsExactly(java.util.Map.entry("acme", 5.0));
        ring.onKey(small.keyId(), null);
        assertThat(ring.tenantBudgets()).containsExactly(java.util.Map.entry("acme", 50.0));
    }

    @Test
    void shouldResolveAKeyToItsTenantAndAdminFlag() {
        KeySecrets.NewKey acme = add(tenantKey("acme"));
        KeySecrets.NewKey admin = add(ApiKey.newBuilder().setAdmin(true));

        assertThat(ring.authenticate(acme.key(), localhost)).isEqualTo(new Caller(acme.keyId(), "acme", false));
        assertThat(ring.authenticate(admin.key(), localhost)).isEqualTo(new Caller(admin.keyId(), null, true));
    }

    @Test
    void shouldRefuseMissingUnknownAndWrongSecretKeysWith401() {
        KeySecrets.NewKey acme = add(tenantKey("acme"));
        String wrongSecret =
                acme.key().substring(0, 16) + KeySecrets.generate(random).key().substring(16);

        for (String key : new String[] {
            null, "", "sk-anything", KeySecrets.generate(random).key(), wrongSecret
        }) {
            ApiException e = catchThrowableOfType(() -> ring.authenticate(key, localhost), ApiException.class);
            assertThat(e.status()).as(String.valueOf(key)).isEqualTo(401);
            assertThat(e.code()).isEqualTo("invalid_api_key");
            if (key != null && !key.isEmpty()) {
                assertThat(e.getMessage()).doesNotContain(key).doesNotContain(key.substring(key.length() / 2));
            }
        }
    }

    @Test
    void shouldRefuseARevokedKey() {
        KeySecrets.NewKey acme = add(tenantKey("acme"));
        ring.authenticate(acme.key(), localhost);

        ring.onKey(acme.keyId(), null);

        assertThatThrownBy(() -> ring.authenticate(acme.key(), localhost))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void shouldTreatARecordWhoseKeyIdIsNotItsRecordKeyAsNoKey() {
        KeySecrets.NewKey acme = add(tenantKey("acme"));
        KeySecrets.NewKey other = KeySecrets.generate(random);

        ring.onKey(
                acme.keyId(),
                tenantKey("globex")
                        .setKeyId(other.keyId())
                        .setSecretSha256(other.secretSha256())
                        .setCreatedAt(Instant.EPOCH)
                        .build());

        String otherSecretUnderAcmesId =
                "rk-" + acme.keyId() + "-" + KeySecrets.parse(other.key()).secret();
        for (String key : new String[] {acme.key(), other.key(), otherSecretUnderAcmesId}) {
            assertThatThrownBy(() -> ring.authenticate(key, localhost))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }

    @Test
    void shouldAnswer503UntilTheKeysAreRead() {
        KeyRing loading = new KeyRing(clock);
        KeySecrets.NewKey key = KeySecrets.generate(random);

        assertThat(loading.ready()).isFalse();
        assertThatThrownBy(() -> loading.authenticate(key.key(), localhost))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
        loading.markCaughtUp();
        assertThat(loading.ready()).isTrue();
    }

    @Test
    void shouldRefuseAnAddressOutsideTheAllowlistWith403() throws Exception {
        KeySecrets.NewKey office = add(tenantKey("acme").setAllowedCidrs(List.of("10.0.0.0/8", "192.0.2.7")));

        assertThat(ring.authenticate(office.key(), InetAddress.getByName("10.3.4.5"))
                        .tenant())
                .isEqualTo("acme");
        assertThat(ring.authenticate(office.key(), InetAddress.getByName("192.0.2.7"))
                        .tenant())
                .isEqualTo("acme");
        ApiException e = catchThrowableOfType(() -> ring.authenticate(office.key(), localhost), ApiException.class);
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage()).contains(office.keyId()).doesNotContain(office.key());
    }

    @Test
    void shouldRefuseEveryAddressWhenTheStoredAllowlistCannotBeRead() {
        KeySecrets.NewKey damaged = add(tenantKey("acme").setAllowedCidrs(List.of("not-a-block")));

        assertThatThrownBy(() -> ring.authenticate(damaged.key(), localhost))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void shouldLimitRequestsPerMinuteWithRetryAfter() {
        KeySecrets.NewKey limited = add(tenantKey("acme").setRpm(2));

        ring.authenticate(limited.key(), localhost);
        ring.authenticate(limited.key(), localhost);
        ApiException e = catchThrowableOfType(() -> ring.authenticate(limited.key(), localhost), ApiException.class);

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.code()).isEqualTo("rate_limit_exceeded");
        assertThat(e.retryAfterSeconds()).isEqualTo(30);
        clock.advance(29_000);
        assertThatThrownBy(() -> ring.authenticate(limited.key(), localhost)).isInstanceOf(ApiException.class);
        clock.advance(1_000);
        assertThat(ring.authenticate(limited.key(), localhost).keyId()).isEqualTo(limited.keyId());
    }

    @Test
    void shouldLimitEachKeyOnItsOwn() {
        KeySecrets.NewKey one = add(tenantKey("acme").setRpm(1));
        KeySecrets.NewKey two = add(tenantKey("acme").setRpm(1));
        KeySecrets.NewKey unlimited = add(tenantKey("acme"));

        ring.authenticate(one.key(), localhost);
        ring.authenticate(two.key(), localhost);
        for (int i = 0; i < 100; i++) {
            ring.authenticate(unlimited.key(), localhost);
        }
        assertThatThrownBy(() -> ring.authenticate(one.key(), localhost)).isInstanceOf(ApiException.class);
    }

    @Test
    void shouldRefuseATenantOverTheKeysBudgetWithInsufficientQuota() {
        KeySecrets.NewKey budgeted = add(tenantKey("acme").setBudgetUsd(5.0));
        KeySecrets.NewKey other = add(tenantKey("globex").setBudgetUsd(5.0));
        ring.onSpend("tenant:acme", spend(3.0, 1.5));
        ring.onSpend("batch:b1", spend(100, 0));
        ring.authenticate(budgeted.key(), localhost);

        ring.onSpend("tenant:acme", spend(3.0, 2.0));

        ApiException e = catchThrowableOfType(() -> ring.authenticate(budgeted.key(), localhost), ApiException.class);
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.type()).isEqualTo("insufficient_quota");
        assertThat(e.code()).isEqualTo("insufficient_quota");
        assertThat(e.retryAfterSeconds()).isNull();
        assertThat(ring.authenticate(other.key(), localhost).tenant()).isEqualTo("globex");
    }

    @Test
    void shouldNotTakeARateTokenForARequestRefusedForItsBudget() {
        KeySecrets.NewKey key = add(tenantKey("acme").setBudgetUsd(1.0).setRpm(1));
        ring.onSpend("tenant:acme", spend(2.0, 0));
        assertThatThrownBy(() -> ring.authenticate(key.key(), localhost))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("insufficient_quota"));

        ring.onSpend("tenant:acme", null);

        assertThat(ring.authenticate(key.key(), localhost).tenant()).isEqualTo("acme");
    }

    private static SpendTotal spend(double costUsd, double inFlightUsd) {
        return SpendTotal.newBuilder()
                .setScope("x")
                .setCostUsd(costUsd)
                .setInFlightUsd(inFlightUsd)
                .setUpdatedAt(Instant.EPOCH)
                .build();
    }

    private static final class TestClock extends Clock {
        private long millis = 1_000_000;

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
