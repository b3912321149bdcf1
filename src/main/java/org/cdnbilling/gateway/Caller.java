package org.cdnbilling.gateway;

/** The account a call acts for, and the AccessKey that signed it (null for a trusted gateway's call). */
public record Caller(long ownerId, String accessKeyId) {
}
