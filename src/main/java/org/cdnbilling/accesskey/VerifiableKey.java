package org.cdnbilling.accesskey;

/** What signature verification needs of an AccessKey: its owner, whether it is active, its secret. */
public record VerifiableKey(String accessKeyId, long ownerId, boolean active, String secret) {

    @Override
    public String toString() {
        return "VerifiableKey[" + accessKeyId + ", owner " + ownerId + ", active " + active + "]";
    }
}
