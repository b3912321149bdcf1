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

    public static TestAccount createAccount(HttpTestClient client, String accountJson) {
        long ownerId = freshOwnerId();
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
