package org.cdnbilling.provisioning;

import org.cdnbilling.cdnservice.InternetChargeType;

public record ProvisioningRequest(long orderId, long ownerId, InternetChargeType chargeType) {
}
