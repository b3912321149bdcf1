package org.cdnbilling.support;

/** An account of a test and the AccessKey it signs with. */
public record TestAccount(long ownerId, String accessKeyId, String accessKeySecret) {

    /** A demo account (1001 to 1015) with its demo key pair. */
    public static TestAccount demo(long ownerId) {
        return new TestAccount(ownerId, "demo-ak-" + ownerId, "demo-sk-" + ownerId);
    }
}
