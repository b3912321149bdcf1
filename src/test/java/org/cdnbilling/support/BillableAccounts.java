package org.cdnbilling.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.cdnbilling.cdnservice.CdnServiceInstances;

/**
 * Accounts of billing tests opened as a caller opens them (created through the admin API, then
 * {@code OpenCdnService} signed with their key at the application's clock), and the first hour they can be billed
 * for, the clock moved past it.
 */
public final class BillableAccounts {

    private static final Duration OPENING_WAIT = Duration.ofSeconds(60);

    private final HttpTestClient client;
    private final ShiftableClock clock;
    private final CdnServiceInstances services;

    public BillableAccounts(HttpTestClient client, ShiftableClock clock, CdnServiceInstances services) {
        this.client = client;
        this.clock = clock;
        this.services = services;
    }

    /** An account with its CDN service opened, its key and the opening time. */
    public record Opened(long ownerId, TestAccount key, Instant openedAt) {
        /** The first UTC hour wholly after the opening. */
        public Instant firstFullHour() {
            return openedAt.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        }
    }

    /** A new verified domestic account with the balance whose service is open with the charge type. */
    public Opened open(String chargeType, String balance) {
        TestAccount account = Accounts.createAccount(client, """
                {"realNameVerified":true,"profileComplete":true,"site":"domestic","intlAllowed":false,
                 "bidUser":false,"payMethodValid":true,"balance":%s}""".formatted(balance));
        assertThat(client.signedGetAt(clock, account, "OpenCdnService", Map.of("InternetChargeType", chargeType))
                .status()).isEqualTo(200);
        await().atMost(OPENING_WAIT).until(() -> services.existsByOwnerId(account.ownerId()));
        return new Opened(account.ownerId(), account, services.findByOwnerId(account.ownerId()).orElseThrow().openedAt());
    }

    /**
     * The first hour wholly after every account's opening, the clock moved to a minute past the hour after it
     * (the hour closed and a usage delay of an hour passed).
     */
    public Instant billableHour(List<Opened> accounts) {
        Instant hour = accounts.stream().map(Opened::firstFullHour).max(Instant::compareTo).orElseThrow();
        clock.shift(Duration.between(clock.instant(), hour.plus(2, ChronoUnit.HOURS).plusSeconds(60)));
        return hour;
    }
}
