package org.cdnbilling.activation;

import org.cdnbilling.cdnservice.InternetChargeType;

/** A caller's request to open the CDN service of an account. */
public record OpenCdnServiceCommand(long ownerId, InternetChargeType chargeType, String requestId) {
}
