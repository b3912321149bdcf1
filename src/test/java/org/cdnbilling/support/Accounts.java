package org.cdnbilling.support;

import java.util.concurrent.atomic.AtomicLong;

/** Fresh accounts for tests that must not share state with the demo accounts or with each other. */
public final class Accounts {

    private static final AtomicLong NEXT_OWNER_ID = new AtomicLong(700_000 + (System.nanoTime() % 1000) * 1000);

    private Accounts() {
    }

    public static long freshOwnerId() {
        return NEXT_OWNER_ID.incrementAndGet();
    }

    /** The admin API body of an account that may open the CDN service. */
    public static String eligibleAccountJson() {
        return """
                {"realNameVerified":true,"profileComplete":true,"site":"domestic","intlAllowed":false,
                 "bidUser":false,"payMethodValid":true,"balance":100}""";
    }

    /** Creates an eligible account and an AccessKey for it through the admin API. */
    public static TestAccount createEligibleAccount(HttpTestClient client) {
        return createAccount(client, eligibleAccountJson());
    }

    /**
     * Creates an eligible account, opens its service with the charge type through the RPC API (signed at the
     * time of {@code clock}, the application's) and waits until DescribeCdnService shows it opened.
     */
    public static TestAccount createOpenedAccount(HttpTestClient client, java.time.Clock clock, String chargeType) {
        TestAccount account = createEligibleAccount(client);
        var opened = client.signedGetAt(clock, account, "OpenCdnService", java.util.Map.of("InternetChargeType", chargeType));
        if (opened.status() != 200) {
            throw new IllegalStateException("Not opened: " + opened.raw().body());
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            var described = client.signedGetAt(clock, account, "DescribeCdnService", java.util.Map.of());
            return described.status() == 200 && described.json().containsKey("OpeningTime");
        });
        return account;
    }

    public static TestAccount createAccount(HttpTestClient client, String accountJson) {
        return createAccount(client, freshOwnerId(), accountJson);
    }

    /** Creates an eligible account with this id (one a test chose beforehand) and an AccessKey for it. */
    public static TestAccount createEligibleAccount(HttpTestClient client, long ownerId) {
        return createAccount(client, ownerId, eligibleAccountJson());
    }

    private static TestAccount createAccount(HttpTestClient client, long ownerId, String accountJson) {
        var account = client.admin("PUT", "/admin/accounts/" + ownerId, accountJson, "demo", "demo");
        if (account.status() != 201) {
            throw new IllegalStateException("Account not created: " + account.status() + " " + account.raw().body());
        }
        var key = client.admin("POST", "/admin/accounts/" + ownerId + "/access-keys", null, "demo", "demo");
        if (key.status() != 201) {
            throw new IllegalStateException("Key not issued: " + key.status() + " " + key.raw().body());
        }
        return new TestAccount(ownerId, (String) key.field("AccessKeyId"), (String) key.field("AccessKeySecret"));
    }
}
